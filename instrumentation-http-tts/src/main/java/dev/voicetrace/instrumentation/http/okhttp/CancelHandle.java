package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import java.lang.ref.WeakReference;

/**
 * What {@code Call.cancel()} ends: the provider call, through the observing source of its response
 * once there is one (so that bytes OkHttp buffered but the application never read are not counted).
 * It is the value of a weak-keyed map keyed by that call, and holds everything weakly: the response's
 * source leads back to the OkHttp call (which would keep the entry alive), and a map entry whose call
 * is gone stays until the map's next use (which would keep the provider call, its session and its
 * parsed bodies alive until the next OkHttp request). Whoever still needs the provider call holds it
 * strongly: the interceptor while the request is under way, the response body the application holds,
 * the abandon watchdog.
 */
final class CancelHandle {
  /** The thread Okio's {@code AsyncTimeout}s fire on: a cancel from it is the call timeout's. */
  private static final String WATCHDOG = "Okio Watchdog";

  private final WeakReference<ProviderCall> call;
  /** The map key this handle is the value of (weakly: a value must not keep its weak key alive). */
  private final WeakReference<Object> okCall;
  private volatile WeakReference<ObservedSource> source;
  /** The call's own timeout ({@code callTimeout}) fired and cancelled it. */
  private volatile boolean timedOut;

  CancelHandle(ProviderCall call, Object okCall) {
    this.call = new WeakReference<>(call);
    this.okCall = new WeakReference<>(okCall);
  }

  /**
   * The exchange is over (its body closed, or it failed): the map entry goes now, not whenever the map
   * is next used (a JVM whose calls stopped would otherwise keep every last entry, as the soak showed).
   */
  void forget() {
    Object key = okCall.get();
    if (key != null) {
      VoiceInterceptor.forget(key);
    }
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
    ProviderCall provider = call.get();
    if (observed != null) {
      observed.cancelled();
    } else if (provider != null) {
      provider.cancelled();
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
