package dev.voicetrace.instrumentation.http.apache5;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpHost;

/**
 * One Apache HttpClient 5 classic exchange, from the outermost {@code execute} to its return. The
 * request's entity is swapped for an observing wrapper while the client runs and put back
 * afterwards; the response {@code doExecute} hands back gets an observing entity, so the
 * application (or its response handler) reads exactly the bytes the network delivered, as they
 * arrive. Nested {@code execute} calls and other requests pass through untouched.
 */
public final class ApacheExchange {
  private static final ThreadLocal<ApacheExchange> CURRENT = new ThreadLocal<>();

  private final ProviderCall call;
  private final AutoCloseable scope;
  private final ClassicHttpRequest request;
  private final HttpEntity originalEntity;
  private final HttpEntity observedEntity;
  private final ApacheExchange previous;
  private boolean responded;

  private ApacheExchange(ProviderCall call, AutoCloseable scope, ClassicHttpRequest request,
      HttpEntity originalEntity, HttpEntity observedEntity, ApacheExchange previous) {
    this.call = call;
    this.scope = scope;
    this.request = request;
    this.originalEntity = originalEntity;
    this.observedEntity = observedEntity;
    this.previous = previous;
  }

  /**
   * An {@code execute} overload was entered with these first two arguments; returns the exchange
   * when this is a speech or LLM request and no outer {@code execute} already reports it.
   */
  public static Object start(Object first, Object second) {
    ClassicHttpRequest request = first instanceof ClassicHttpRequest ? (ClassicHttpRequest) first
        : second instanceof ClassicHttpRequest ? (ClassicHttpRequest) second : null;
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (request == null || runtime == null) {
      return null;
    }
    ApacheExchange outer = CURRENT.get();
    if (outer != null && outer.request == request) {
      return null; // an overload delegating to another one
    }
    String url = ApacheMessages.url(first instanceof HttpHost ? (HttpHost) first : null, request);
    if (url == null) {
      return null;
    }
    ProviderCall call = runtime.startHttpCall("apache-httpclient5", request.getMethod(), url,
        ApacheMessages.headers(request));
    if (call == null) {
      return null;
    }
    if (request instanceof CancellableDependency) {
      // HttpUriRequestBase.cancel() from another thread (a barge-in): the failure that follows is that cancel
      call.abortedWhen(((CancellableDependency) request)::isCancelled);
    }
    HttpEntity original = request.getEntity();
    HttpEntity observed = null;
    if (original != null) {
      observed = new ObservedRequestEntity(original, call);
      request.setEntity(observed);
    }
    ApacheExchange exchange = new ApacheExchange(call, call.makeCurrent(), request, original, observed, outer);
    CURRENT.set(exchange);
    return exchange;
  }

  /** {@code doExecute} returned (or threw): the response of the current exchange arrived. */
  public static void executed(Object returned, Throwable thrown) {
    ApacheExchange exchange = CURRENT.get();
    if (exchange == null || exchange.responded) {
      return;
    }
    if (thrown != null) {
      exchange.responded = true;
      exchange.call.failed(thrown);
    } else if (returned instanceof ClassicHttpResponse) {
      exchange.observe((ClassicHttpResponse) returned);
    }
  }

  /** The outermost {@code execute} returned or threw. */
  public static void end(Object state, Object returned, Throwable thrown) {
    if (!(state instanceof ApacheExchange)) {
      return;
    }
    ApacheExchange exchange = (ApacheExchange) state;
    if (CURRENT.get() == exchange) {
      if (exchange.previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(exchange.previous);
      }
    }
    VoiceBridge.close(exchange.scope);
    try {
      if (exchange.observedEntity != null && exchange.request.getEntity() == exchange.observedEntity) {
        exchange.request.setEntity(exchange.originalEntity);
      }
    } catch (Throwable ignored) {
      // the application keeps the observing entity, which behaves like its own
    }
    if (thrown != null) {
      exchange.call.failed(thrown); // no-op when the response already ended the call
    } else if (!exchange.responded) {
      // a client that overrides execute without going through doExecute
      if (returned instanceof ClassicHttpResponse) {
        exchange.observe((ClassicHttpResponse) returned);
      } else {
        exchange.call.completed();
      }
    }
  }

  private void observe(ClassicHttpResponse response) {
    responded = true;
    try {
      call.responseHeaders(response.getCode(), ApacheMessages.headers(response));
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        call.completed();
      } else {
        response.setEntity(new ObservedResponseEntity(entity, call));
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ApacheExchange", failure);
      // observing must never disturb the response
    }
  }
}
