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
  private final WeakReference<ProviderCall> call;
  private volatile WeakReference<ObservedSource> source;

  CancelHandle(ProviderCall call) {
    this.call = new WeakReference<>(call);
  }

  void observing(ObservedSource observed) {
    source = new WeakReference<>(observed);
  }

  void cancel() {
    WeakReference<ObservedSource> ref = source;
    ObservedSource observed = ref == null ? null : ref.get();
    ProviderCall provider = call.get();
    if (observed != null) {
      observed.cancelled();
    } else if (provider != null) {
      provider.cancelled();
    }
  }
}
