package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.net.http.HttpResponse;

/** Wraps the application's body handler: status and headers to the call, then an observing subscriber. */
final class ObservedBodyHandler<T> implements HttpResponse.BodyHandler<T> {
  private final HttpResponse.BodyHandler<T> delegate;
  private final ProviderCall call;

  ObservedBodyHandler(HttpResponse.BodyHandler<T> delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public HttpResponse.BodySubscriber<T> apply(HttpResponse.ResponseInfo info) {
    try {
      call.responseHeaders(info.statusCode(), name -> info.headers().firstValue(name).orElse(null));
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedBodyHandler", failure);
      // observing must never disturb the response
    }
    HttpResponse.BodySubscriber<T> subscriber = delegate.apply(info);
    return subscriber == null ? null : new ObservedBodySubscriber<>(subscriber, call);
  }
}
