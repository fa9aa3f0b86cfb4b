package dev.voicetrace.instrumentation.http.io;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import java.io.InputStream;

/**
 * Hands every read straight to the application and tells the provider call what passed: the end
 * of the body completes the call, a close before it cancels, a read failure fails it. Only JDK and
 * voicetrace bootstrap types, so every client hook shares it, in any class loader (for
 * {@code HttpURLConnection} it is injected into the bootstrap loader).
 */
public final class ObservedInputStream extends InputStream {
  private final InputStream delegate;
  private final ProviderCall call;
  private volatile boolean done;

  public ObservedInputStream(InputStream delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public int read() throws IOException {
    int b;
    try {
      b = delegate.read();
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (b < 0) {
      end();
    } else {
      passed(new byte[] {(byte) b}, 0, 1);
    }
    return b;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    int n;
    try {
      n = delegate.read(b, off, len);
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (n < 0) {
      end();
    } else if (n > 0) {
      passed(b, off, n);
    }
    return n;
  }

  @Override
  public long skip(long n) throws IOException {
    long skipped;
    try {
      skipped = delegate.skip(n);
    } catch (IOException | RuntimeException e) {
      failed(e);
      throw e;
    }
    if (skipped > 0) {
      try {
        call.responseBody(null, 0, (int) Math.min(Integer.MAX_VALUE, skipped));
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedInputStream", failure);
        // observing must never disturb the response
      }
    }
    return skipped;
  }

  @Override
  public int available() throws IOException {
    return delegate.available();
  }

  @Override
  public boolean markSupported() {
    return false; // a reset would show the call the same bytes twice
  }

  @Override
  public void close() throws IOException {
    closing();
    delegate.close();
  }

  /** The stream, its entity or its response is being closed. */
  public void closing() {
    if (!done) {
      done = true;
      try {
        call.cancelled();
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedInputStream", failure);
      }
    }
  }

  private void passed(byte[] b, int off, int n) {
    try {
      call.responseBody(call.needsResponseContent() ? b : null, off, n);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedInputStream", failure);
      // observing must never disturb the response
    }
  }

  private void end() {
    if (!done) {
      done = true;
      try {
        call.completed();
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedInputStream", failure);
      }
    }
  }

  private void failed(Throwable e) {
    if (!done) {
      done = true;
      try {
        call.failed(e);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedInputStream", failure);
      }
    }
  }
}
