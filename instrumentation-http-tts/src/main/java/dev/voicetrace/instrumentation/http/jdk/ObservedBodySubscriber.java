package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes every buffer to the application's subscriber unchanged and at once, counting (or, for
 * SSE and JSON, reading) it on the way; completion, failure and cancellation end the call.
 */
final class ObservedBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private final HttpResponse.BodySubscriber<T> delegate;
  private final ProviderCall call;

  ObservedBodySubscriber(HttpResponse.BodySubscriber<T> delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public CompletionStage<T> getBody() {
    return delegate.getBody();
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    delegate.onSubscribe(new ObservedSubscription(subscription, call));
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    try {
      for (ByteBuffer item : items) {
        call.responseBody(item);
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedBodySubscriber", failure);
      // observing must never disturb the response
    }
    delegate.onNext(items);
  }

  @Override
  public void onError(Throwable throwable) {
    call.failed(throwable);
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    call.completed();
    delegate.onComplete();
  }

  /** Reports the application's cancel (a closed input stream, an abandoned publisher). */
  static final class ObservedSubscription implements Flow.Subscription {
    private final Flow.Subscription delegate;
    private final ProviderCall call;

    ObservedSubscription(Flow.Subscription delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void request(long n) {
      delegate.request(n);
    }

    @Override
    public void cancel() {
      call.cancelled();
      delegate.cancel();
    }
  }
}
