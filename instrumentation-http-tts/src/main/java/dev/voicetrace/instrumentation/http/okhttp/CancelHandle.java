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
  private final ProviderCall call;
  private volatile WeakReference<ObservedSource> source;

  CancelHandle(ProviderCall call) {
    this.call = call;
  }

  void observing(ObservedSource observed) {
    source = new WeakReference<>(observed);
  }

  void cancel() {
    WeakReference<ObservedSource> ref = source;
    ObservedSource observed = ref == null ? null : ref.get();
    if (observed != null) {
      observed.cancelled();
    } else {
      call.cancelled();
    }
  }
}
