package dev.voicetrace.instrumentation.http.reactornetty;

import dev.voicetrace.instrumentation.http.reactor.RelaySubscriber;
import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;

/**
 * The inbound body of a provider call's connection, passed through unchanged and at once: each item
 * (an HTTP content or a buffer) is counted, or read for SSE and JSON, as it is handed to the
 * application; the body's end completes the call, the application's cancel (a disposed {@code Flux},
 * a {@code take}) or a discard before the end cancels it, a failure fails it.
 */
final class ObservedResponseBody extends Flux<Object> {
  private final Flux<?> source;
  private final ReactorNettyExchange exchange;

  ObservedResponseBody(Flux<?> source, ReactorNettyExchange exchange) {
    this.source = source;
    this.exchange = exchange;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void subscribe(CoreSubscriber<? super Object> actual) {
    if (exchange.bodyObserved.compareAndSet(false, true)) {
      source.subscribe(new BodySubscriber(actual, exchange.call));
    } else {
      source.subscribe((CoreSubscriber) actual); // the client answers a second subscriber by itself
    }
  }

  static final class BodySubscriber extends RelaySubscriber {
    private final ProviderCall call;

    BodySubscriber(CoreSubscriber<? super Object> actual, ProviderCall call) {
      super(actual);
      this.call = call;
    }

    @Override
    public void onNext(Object item) {
      try {
        ReactorNettyExchange.observe(item, call, false);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedResponseBody", failure);
      }
      actual.onNext(item);
    }

    @Override
    public void onError(Throwable error) {
      call.failed(error);
      actual.onError(error);
    }

    @Override
    public void onComplete() {
      // the client also completes its receiver when the body is discarded before its end (the
      // application dropped the response): then the inbound is not done, and the call was cut short
      Subscription s = upstream;
      if (s instanceof Disposable && !((Disposable) s).isDisposed()) {
        call.cancelled();
      } else {
        call.completed();
      }
      actual.onComplete();
    }

    @Override
    public void cancel() {
      call.cancelled();
      upstream.cancel();
    }
  }
}
