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
  private final CancelHandle cancelHandle;
  private BufferedSource source;

  ObservedResponseBody(ResponseBody delegate, ProviderCall call, CancelHandle cancelHandle) {
    this.delegate = delegate;
    this.call = call;
    this.cancelHandle = cancelHandle;
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
      ObservedSource observed = new ObservedSource(delegate.source(), call, cancelHandle);
      source = Okio.buffer(observed);
      observed.bufferedBy(source);
      cancelHandle.observing(observed);
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
        s.close(); // the observing source underneath reports the close
      } else {
        delegate.close();
        call.cancelled();
        cancelHandle.forget();
      }
    } catch (java.io.IOException e) {
      call.failed(e);
    }
  }
}
