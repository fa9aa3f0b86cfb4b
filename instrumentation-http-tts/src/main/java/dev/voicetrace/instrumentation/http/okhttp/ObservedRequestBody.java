package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import okhttp3.MediaType;
import okhttp3.RequestBody;
import okio.BufferedSink;
import okio.Okio;

/**
 * The application's request body, written once by OkHttp as usual, with the bytes shown to the
 * provider call on their way to the network. One-shot bodies stay one-shot.
 */
final class ObservedRequestBody extends RequestBody {
  private final RequestBody delegate;
  private final ProviderCall call;

  ObservedRequestBody(RequestBody delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() throws IOException {
    return delegate.contentLength();
  }

  @Override
  public boolean isOneShot() {
    return delegate.isOneShot();
  }

  @Override
  public boolean isDuplex() {
    return delegate.isDuplex();
  }

  @Override
  public void writeTo(BufferedSink sink) throws IOException {
    call.requestBodyStarted();
    BufferedSink observed = Okio.buffer(new ObservedSink(sink, call));
    delegate.writeTo(observed);
    observed.emit();
  }
}
