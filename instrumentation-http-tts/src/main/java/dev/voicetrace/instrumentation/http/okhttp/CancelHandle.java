package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import java.lang.ref.WeakReference;

/**
 * What {@code Call.cancel()} ends: the provider call, through the observing source of its response
 * once there is one (so that bytes OkHttp buffered but the application never read are not counted).
 * It holds nothing that leads back to the OkHttp call (the response's source does, so it is held
 * weakly): it is the value of a weak-keyed map keyed by that call.
 */
final class CancelHandle {
  /** The thread Okio's {@code AsyncTimeout}s fire on: a cancel from it is the call timeout's. */
  private static final String WATCHDOG = "Okio Watchdog";

  private final ProviderCall call;
  private volatile WeakReference<ObservedSource> source;
  /** The call's own timeout ({@code callTimeout}) fired and cancelled it. */
  private volatile boolean timedOut;

  CancelHandle(ProviderCall call) {
    this.call = call;
  }

  void observing(ObservedSource observed) {
    source = new WeakReference<>(observed);
  }

  /**
   * {@code Call.cancel()} was called. From Okio's watchdog it is the call timeout, not the application:
   * the call then fails with OkHttp's {@code InterruptedIOException("timeout")} where the application
   * waits for it (the response, or its next read), and that failure ends the span, as an error.
   */
  void cancel() {
    if (WATCHDOG.equals(Thread.currentThread().getName())) {
      timedOut = true;
      return;
    }
    WeakReference<ObservedSource> ref = source;
    ObservedSource observed = ref == null ? null : ref.get();
    if (observed != null) {
      observed.cancelled();
    } else {
      call.cancelled();
    }
  }

  /**
   * The failure to report for {@code e}, thrown inside the interceptor chain: after the call timeout
   * fired, what OkHttp throws to the application instead ({@code RealCall.timeoutExit}: an {@code
   * InterruptedIOException("timeout")} caused by it), not the socket error or the "Canceled" that the
   * cancel caused inside the chain.
   */
  Throwable failure(Throwable e) {
    if (!timedOut || !(e instanceof java.io.IOException)) {
      return e;
    }
    java.io.InterruptedIOException timeout = new java.io.InterruptedIOException("timeout");
    timeout.initCause(e);
    return timeout;
  }
}
