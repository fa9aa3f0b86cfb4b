package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import okio.Okio;

/** The response body the application reads, backed by an observing source over the original. */
final class ObservedResponseBody extends ResponseBody {
  private final ResponseBody delegate;
  private final ProviderCall call;
  private BufferedSource source;

  ObservedResponseBody(ResponseBody delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public MediaType contentType() {
    return delegate.contentType();
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public synchronized BufferedSource source() {
    if (source == null) {
      source = Okio.buffer(new ObservedSource(delegate.source(), call));
    }
    return source;
  }

  @Override
  public void close() {
    BufferedSource s;
    synchronized (this) {
      s = source;
    }
    try {
      if (s != null) {
        s.close();
      } else {
        delegate.close();
        call.cancelled();
      }
    } catch (java.io.IOException e) {
      call.failed(e);
    }
  }
}
