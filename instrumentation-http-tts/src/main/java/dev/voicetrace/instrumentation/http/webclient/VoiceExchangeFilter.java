package dev.voicetrace.instrumentation.http.webclient;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import dev.voicetrace.instrumentation.http.reactor.RelaySubscriber;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;

/**
 * The outermost filter of every {@code WebClient}: each subscription to an exchange (the request
 * being made) opens the provider call when the catalog knows the request, and keeps it current while
 * the filters inside subscribe — so upstream's spring-webflux span, and the connector below it, run
 * under the stage span. The connector's transport hook takes the call over from there; if none does
 * (a connector voicetrace does not hook, such as Jetty's), the call ends when the response arrives,
 * with its status, or with the failure or cancel before it. Every signal passes through unchanged.
 */
public final class VoiceExchangeFilter implements ExchangeFilterFunction {
  private static final VoiceExchangeFilter INSTANCE = new VoiceExchangeFilter();

  /** {@code filters} (a {@code DefaultWebClient}'s chain, or {@code null}) with this filter outside it. */
  public static Object outermost(Object filters) {
    try {
      return filters == null ? INSTANCE : INSTANCE.andThen((ExchangeFilterFunction) filters);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("VoiceExchangeFilter", failure);
      return filters;
    }
  }

  @Override
  public Mono<ClientResponse> filter(ClientRequest request, ExchangeFunction next) {
    return new ObservedExchange(request, next);
  }

  static final class ObservedExchange extends Mono<ClientResponse> {
    private final ClientRequest request;
    private final ExchangeFunction next;

    ObservedExchange(ClientRequest request, ExchangeFunction next) {
      this.request = request;
      this.next = next;
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void subscribe(CoreSubscriber<? super ClientResponse> actual) {
      ProviderCall call = null;
      AutoCloseable scope = null;
      try {
        VoiceRuntime runtime = VoiceBridge.runtime();
        if (runtime != null) {
          ClientRequest r = request;
          call = runtime.startExchange("spring-webclient", r.method().name(), r.url().toString(),
              name -> r.headers().getFirst(name));
          if (call != null) {
            scope = call.makeCurrent();
          }
        }
      } catch (Throwable failure) {
        VoiceBridge.swallowed("VoiceExchangeFilter", failure);
      }
      try {
        Mono<ClientResponse> exchange = next.exchange(request);
        exchange.subscribe(call == null ? actual : (CoreSubscriber) new ExchangeSubscriber((CoreSubscriber) actual, call));
      } catch (RuntimeException | Error thrown) {
        failedBeforeTransport(call, thrown); // a filter inside threw: the application gets the same throwable
        throw thrown;
      } finally {
        VoiceBridge.close(scope);
      }
    }
  }

  /**
   * The response as the application gets it, its body's cancel reported to the call the transport took
   * over: the application stopped listening (a barge-in). The cancel does not reach the transport hook on
   * two of Spring's connectors: the JDK one caches the body ({@code cache(0)}), so a cancel does not cancel
   * the exchange, and on the Apache HttpClient 5 one no cancel was seen below either
   * ({@code SpringAiSmokeTest}); the span would then end with the body's end, not at the cancel. Only the
   * cancel report is added; every buffer and signal passes unchanged.
   */
  static Object withBodyCancelReported(Object item, ProviderCall call) {
    try {
      return ((ClientResponse) item).mutate().body(body -> body.doOnCancel(call::cancelled)).build();
    } catch (Throwable failure) {
      VoiceBridge.swallowed("VoiceExchangeFilter", failure);
      return item;
    }
  }

  private static void failedBeforeTransport(ProviderCall call, Throwable thrown) {
    if (call != null && call.leftToCaller()) {
      call.failed(thrown);
    }
  }

  /**
   * Passes every signal through; reports the outcome only for a call no transport hook took over:
   * the response's status and headers, a failure before it, or the application's cancel before it.
   * {@link ProviderCall#leftToCaller()} is true at most once, for the first of these signals.
   */
  static final class ExchangeSubscriber extends RelaySubscriber {
    private final ProviderCall call;

    ExchangeSubscriber(CoreSubscriber<? super Object> actual, ProviderCall call) {
      super(actual);
      this.call = call;
    }

    @Override
    public void onNext(Object item) {
      Object response = item;
      if (call.leftToCaller()) {
        try {
          ClientResponse r = (ClientResponse) item;
          call.responseHeaders(r.statusCode().value(), name -> r.headers().asHttpHeaders().getFirst(name));
          call.completed(); // the body is read where voicetrace does not see it
        } catch (Throwable failure) {
          VoiceBridge.swallowed("VoiceExchangeFilter", failure);
        }
      } else {
        response = withBodyCancelReported(item, call);
      }
      actual.onNext(response);
    }

    @Override
    public void onError(Throwable error) {
      if (call.leftToCaller()) {
        call.failed(error);
      }
      actual.onError(error);
    }

    @Override
    public void onComplete() {
      if (call.leftToCaller()) {
        call.completed();
      }
      actual.onComplete();
    }

    @Override
    public void cancel() {
      if (call.leftToCaller()) {
        call.cancelled();
      }
      upstream.cancel();
    }
  }
}
