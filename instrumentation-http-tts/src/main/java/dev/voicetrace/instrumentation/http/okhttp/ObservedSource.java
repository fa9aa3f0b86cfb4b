package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Source;

/**
 * Hands every read straight to the application and tells the provider call what passed: the end
 * of the body completes the call, a close before it cancels, a read failure fails it.
 */
final class ObservedSource extends ForwardingSource {
  private final ProviderCall call;
  private final CancelHandle cancelHandle;
  private final BodyTap tap;
  private volatile boolean done;

  ObservedSource(Source delegate, ProviderCall call, CancelHandle cancelHandle) {
    super(delegate);
    this.call = call;
    this.cancelHandle = cancelHandle;
    this.tap = new BodyTap(call, false);
  }

  @Override
  public long read(Buffer sink, long byteCount) throws IOException {
    long n;
    try {
      n = super.read(sink, byteCount);
    } catch (IOException | RuntimeException e) {
      done = true;
      call.failed(e);
      throw e;
    }
    try {
      if (n == -1) {
        done = true;
        call.completed();
      } else if (n > 0) {
        if (call.needsResponseContent()) {
          tap.show(sink, sink.size() - n, n);
        } else {
          call.responseBody(null, 0, (int) n);
        }
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedSource", failure);
      // observing must never disturb the response
    }
    return n;
  }

  /** The application reads through {@code source}: what its buffer holds was read from here but not by the app. */
  void bufferedBy(BufferedSource source) {
    call.bufferedUnread(() -> source.getBuffer().size());
  }

  /** The application closed the body or cancelled the call before its end (a no-op after the end). */
  void cancelled() {
    if (done) {
      return;
    }
    done = true;
    call.cancelled();
  }

  @Override
  public void close() throws IOException {
    cancelled();
    cancelHandle.forget();
    super.close();
  }
}
