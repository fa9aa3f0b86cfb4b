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
  private volatile boolean done;
  /** The application's buffered view of this source: what it holds was read from here but not by the app. */
  private volatile BufferedSource buffered;

  ObservedSource(Source delegate, ProviderCall call, CancelHandle cancelHandle) {
    super(delegate);
    this.call = call;
    this.cancelHandle = cancelHandle;
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
          Buffer copy = new Buffer();
          sink.copyTo(copy, sink.size() - n, n);
          byte[] bytes = copy.readByteArray();
          call.responseBody(bytes, 0, bytes.length);
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

  void bufferedBy(BufferedSource source) {
    this.buffered = source;
  }

  /**
   * The application cancelled the call ({@code Call.cancel()}) before the body's end (a no-op after
   * the end): bytes still in the application's buffer never reached it.
   */
  void cancelled() {
    if (done) {
      return;
    }
    done = true;
    reportUnread(bufferedBytes());
    call.cancelled();
  }

  /**
   * The application closed the body before its end (a no-op after the end). OkHttp's close comes first,
   * exactly as without voicetrace: it may wait (it discards the rest of the body for up to 100 ms), and
   * another thread blocked on this body sees it closed no later than it would have. The cancel is then
   * reported at the moment the application closed, with what its buffer still held then.
   */
  @Override
  public void close() throws IOException {
    long closedAt = System.nanoTime();
    boolean report = !done;
    done = true;
    long unread = report ? bufferedBytes() : 0;
    try {
      super.close();
    } finally {
      if (report) {
        reportUnread(unread);
        call.cancelled(closedAt);
      }
      cancelHandle.forget();
    }
  }

  /** What the application's buffer holds: read from here, never by the application. */
  private long bufferedBytes() {
    try {
      BufferedSource b = buffered;
      return b == null ? 0 : b.getBuffer().size();
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedSource", failure);
      return 0;
    }
  }

  private void reportUnread(long bytes) {
    try {
      call.unread(bytes);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedSource", failure);
    }
  }
}
