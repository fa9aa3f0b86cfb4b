package dev.voicetrace.instrumentation.http.apache5;

import dev.voicetrace.instrumentation.http.io.ObservedInputStream;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The response entity the application reads: every content stream it gets is an observing stream
 * over the original one (the same observing stream for the same original, so a second {@code
 * getContent()} of a streamed entity continues where the first left off). Closing the entity or the
 * response before the end of the body cancels the call.
 */
final class ObservedResponseEntity extends HttpEntityWrapper {
  private final ProviderCall call;
  private InputStream original;
  private ObservedInputStream observed;

  ObservedResponseEntity(HttpEntity delegate, ProviderCall call) {
    super(delegate);
    this.call = call;
  }

  @Override
  public InputStream getContent() throws IOException {
    InputStream in = super.getContent();
    if (in == null) {
      return null;
    }
    synchronized (this) {
      if (in != original) {
        original = in;
        observed = new ObservedInputStream(in, call);
      }
      return observed;
    }
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    if (out == null) {
      throw new IllegalArgumentException("Output stream may not be null");
    }
    InputStream in = getContent();
    if (in == null) {
      return;
    }
    try {
      byte[] buffer = new byte[4096];
      int n;
      while ((n = in.read(buffer)) != -1) {
        out.write(buffer, 0, n);
      }
    } finally {
      in.close();
    }
  }

  @Override
  public void close() throws IOException {
    ObservedInputStream s;
    synchronized (this) {
      s = observed;
    }
    if (s == null) {
      call.cancelled(); // closed without reading (a no-op when the call already ended)
    } else {
      s.closing();
    }
    super.close();
  }
}
