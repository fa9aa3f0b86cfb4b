package dev.voicetrace.instrumentation.http.reactornetty;

import dev.voicetrace.instrumentation.http.reactor.RelaySubscriber;
import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClientResponse;
import reactor.util.context.Context;

/**
 * The client's {@code Mono<Connection>} for one request, unchanged for the application: each
 * subscription (the request being made) starts a provider call when the catalog knows the request,
 * keeps it current while the client sets the request up, and reports the response's status and
 * headers when the connection is emitted (Reactor Netty emits it when the response arrived), a
 * failure before that, or the application's cancel before that.
 */
final class ObservedConnect extends Mono<Object> {
  private final Mono<?> source;
  private final VoiceRuntime runtime;
  private final String method;
  /** {@code null} for a URI given as a {@code Mono}: the call starts when the client resolves it. */
  private final String url;
  private final HttpHeaders headers;

  ObservedConnect(Mono<?> source, VoiceRuntime runtime, String method, String url, HttpHeaders headers) {
    this.source = source;
    this.runtime = runtime;
    this.method = method;
    this.url = url;
    this.headers = headers;
  }

  @Override
  @SuppressWarnings({"unchecked", "rawtypes"})
  public void subscribe(CoreSubscriber<? super Object> actual) {
    if (url == null) {
      // a URI given as a Mono: the call starts when the client resolves it (ReactorNettyExchange.deferredConnect)
      source.subscribe(new ConnectSubscriber(actual, new ReactorNettyExchange(null)));
      return;
    }
    ProviderCall call = null;
    try {
      call = ReactorNettyExchange.startCall(runtime, method, url, headers);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedConnect", failure);
    }
    if (call == null) {
      source.subscribe((CoreSubscriber) actual);
      return;
    }
    AutoCloseable scope = null;
    try {
      scope = call.makeCurrent();
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedConnect", failure);
    }
    try {
      source.subscribe(new ConnectSubscriber(actual, new ReactorNettyExchange(call)));
    } finally {
      VoiceBridge.close(scope);
    }
  }

  /** Passes every signal through; reports the response, a failure before it, or a cancel before it. */
  static final class ConnectSubscriber extends RelaySubscriber {
    private final ReactorNettyExchange exchange;
    private final Context context;
    private volatile boolean responded;

    ConnectSubscriber(CoreSubscriber<? super Object> actual, ReactorNettyExchange exchange) {
      super(actual);
      this.exchange = exchange;
      this.context = actual.currentContext().put(ReactorNettyExchange.KEY, exchange);
    }

    @Override
    public Context currentContext() {
      return context;
    }

    @Override
    public void onNext(Object connection) {
      if (!responded) {
        responded = true;
        try {
          exchange.responded(connection);
          ProviderCall call = exchange.call;
          if (call != null && connection instanceof HttpClientResponse) {
            HttpClientResponse response = (HttpClientResponse) connection;
            HttpHeaders h = response.responseHeaders();
            call.responseHeaders(response.status().code(), name -> ReactorNettyExchange.header(h, name));
          }
        } catch (Throwable failure) {
          VoiceBridge.swallowed("ObservedConnect", failure);
        }
      }
      actual.onNext(connection);
    }

    @Override
    public void onError(Throwable error) {
      ProviderCall call = exchange.call;
      if (!responded && call != null) {
        call.failed(error);
      }
      actual.onError(error);
    }

    @Override
    public void cancel() {
      ProviderCall call = exchange.call;
      if (!responded && call != null) {
        call.cancelled(); // given up before the response came (after it, the body reports)
      }
      upstream.cancel();
    }
  }
}
