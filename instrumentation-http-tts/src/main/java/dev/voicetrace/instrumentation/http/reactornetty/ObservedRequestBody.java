package dev.voicetrace.instrumentation.http.reactornetty;

import dev.voicetrace.instrumentation.http.reactor.RelaySubscriber;
import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The application's request body publisher, passed through unchanged: the client subscribes to it
 * exactly once per send, as it would have, and each buffer is shown to the provider call on its way
 * to the connection. A {@code Mono} stays a {@code Mono} (the client sends a single buffer with a
 * {@code Content-Length}), anything else is a {@code Flux} (sent chunked), as before.
 */
final class ObservedRequestBody {
  private ObservedRequestBody() {}

  static final class OfMono extends Mono<Object> {
    private final Mono<?> source;
    private final ProviderCall call;

    OfMono(Mono<?> source, ProviderCall call) {
      this.source = source;
      this.call = call;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
      source.subscribe(new BufferSubscriber(actual, call));
    }
  }

  static final class OfFlux extends Flux<Object> {
    private final Flux<?> source;
    private final ProviderCall call;

    OfFlux(Flux<?> source, ProviderCall call) {
      this.source = source;
      this.call = call;
    }

    @Override
    public void subscribe(CoreSubscriber<? super Object> actual) {
      source.subscribe(new BufferSubscriber(actual, call));
    }
  }

  /** Shows each buffer to the call before the client writes it; every signal passes through as is. */
  static final class BufferSubscriber extends RelaySubscriber {
    private final ProviderCall call;

    BufferSubscriber(CoreSubscriber<? super Object> actual, ProviderCall call) {
      super(actual);
      this.call = call;
      try {
        call.requestBodyStarted(); // this send (first attempt, retry or redirect) writes the body anew
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedRequestBody", failure);
      }
    }

    @Override
    public void onNext(Object buffer) {
      try {
        ReactorNettyExchange.observe(buffer, call, true);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedRequestBody", failure);
      }
      actual.onNext(buffer);
    }
  }
}
