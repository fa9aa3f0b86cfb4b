package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;

/**
 * One JDK {@code HttpClient} exchange seen by the send advice: starts the provider call, swaps in
 * observing request publisher and body handler, and reports failures. Everything else the
 * application passed goes through untouched.
 */
public final class JdkExchange {
  final ProviderCall call;
  final AutoCloseable scope;

  private JdkExchange(ProviderCall call, AutoCloseable scope) {
    this.call = call;
    this.scope = scope;
  }

  /** Returns {state, request, handler} for the advice: state is {@code null} for other requests. */
  public static Object[] start(HttpRequest request, HttpResponse.BodyHandler<?> handler) {
    Object[] untouched = new Object[] {null, request, handler};
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (runtime == null || request == null || handler == null) {
      return untouched;
    }
    HttpRequest r = request;
    ProviderCall call = runtime.startHttpCall(
        "jdk", r.method(), r.uri().toString(), name -> r.headers().firstValue(name).orElse(null));
    if (call == null) {
      return untouched;
    }
    AutoCloseable scope = call.makeCurrent();
    return new Object[] {
      new JdkExchange(call, scope), observedRequest(request, call), new ObservedBodyHandler<>(handler, call)
    };
  }

  public static void end(Object[] state, Object returned, Throwable thrown) {
    if (state == null || !(state[0] instanceof JdkExchange)) {
      return;
    }
    JdkExchange exchange = (JdkExchange) state[0];
    VoiceBridge.close(exchange.scope);
    exchange.call.sendReturned(returned, thrown);
  }

  /**
   * The application's own subscriber when {@code subscriber} is one of ours, else {@code subscriber}:
   * what the client's "must its {@code getBody()} run on another thread" question is about.
   */
  public static Object applicationSubscriber(Object subscriber) {
    return subscriber instanceof ObservedBodySubscriber ? ((ObservedBodySubscriber<?>) subscriber).delegate() : subscriber;
  }

  /**
   * A copy of the request whose body publisher lets the call see the bytes as the client sends
   * them; the original request when it has no body or cannot be copied faithfully.
   */
  static HttpRequest observedRequest(HttpRequest request, ProviderCall call) {
    if (!request.bodyPublisher().isPresent() || request.bodyPublisher().get().contentLength() == 0) {
      return request;
    }
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(request.uri())
          .method(request.method(), new ObservedBodyPublisher(request.bodyPublisher().get(), call))
          .expectContinue(request.expectContinue());
      if (request.timeout().isPresent()) {
        b.timeout(request.timeout().get());
      }
      if (request.version().isPresent()) {
        b.version(request.version().get());
      }
      for (Map.Entry<String, List<String>> header : request.headers().map().entrySet()) {
        for (String value : header.getValue()) {
          b.header(header.getKey(), value);
        }
      }
      return b.build();
    } catch (RuntimeException e) {
      return request;
    }
  }
}
