package dev.voicetrace.instrumentation.http.apache4;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.net.URI;
import java.util.function.Function;
import org.apache.http.Header;
import org.apache.http.HttpEntity;
import org.apache.http.HttpEntityEnclosingRequest;
import org.apache.http.HttpHost;
import org.apache.http.HttpMessage;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.methods.HttpUriRequest;

/**
 * One Apache HttpClient 4 exchange, from the outermost {@code execute} to its return: the request's
 * entity swapped for an observing wrapper while the client runs (and put back afterwards), the response's
 * entity replaced by an observing one when the response arrives, so the application (or its response
 * handler) reads exactly the bytes the network delivered, as they arrive. Nested {@code execute} calls
 * with the same request (a wrapping client such as the AWS SDK's delegating to the real one) and
 * requests to no known provider pass through untouched.
 */
public final class Apache4Exchange {
  private static final ThreadLocal<Apache4Exchange> CURRENT = new ThreadLocal<>();

  private final ProviderCall call;
  private final AutoCloseable scope;
  private final HttpRequest request;
  private final HttpEntity originalEntity;
  private final HttpEntity observedEntity;
  private final Apache4Exchange previous;
  private boolean responded;

  private Apache4Exchange(ProviderCall call, AutoCloseable scope, HttpRequest request, HttpEntity originalEntity,
      HttpEntity observedEntity, Apache4Exchange previous) {
    this.call = call;
    this.scope = scope;
    this.request = request;
    this.originalEntity = originalEntity;
    this.observedEntity = observedEntity;
    this.previous = previous;
  }

  /**
   * An {@code execute} overload was entered with these first two arguments; returns the exchange when
   * this is a speech or LLM request and no outer {@code execute} already reports it.
   */
  public static Object start(Object first, Object second) {
    HttpRequest request = first instanceof HttpRequest ? (HttpRequest) first
        : second instanceof HttpRequest ? (HttpRequest) second : null;
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (request == null || runtime == null) {
      return null;
    }
    Apache4Exchange outer = CURRENT.get();
    if (outer != null && outer.request == request) {
      return null; // an overload, or a wrapping client, delegating with the same request
    }
    String url = url(first instanceof HttpHost ? (HttpHost) first : null, request);
    if (url == null) {
      return null;
    }
    ProviderCall call = runtime.startHttpCall("apache-httpclient4", request.getRequestLine().getMethod(), url,
        headers(request));
    if (call == null) {
      return null;
    }
    if (request instanceof HttpUriRequest) {
      // HttpRequestBase.abort() from another thread (a barge-in): the failure that follows is that cancel
      call.abortedWhen(((HttpUriRequest) request)::isAborted);
    }
    HttpEntity original = null;
    HttpEntity observed = null;
    if (request instanceof HttpEntityEnclosingRequest) {
      HttpEntityEnclosingRequest enclosing = (HttpEntityEnclosingRequest) request;
      original = enclosing.getEntity();
      if (original != null) {
        observed = new ObservedRequestEntity(original, call);
        enclosing.setEntity(observed);
      }
    }
    Apache4Exchange exchange = new Apache4Exchange(call, call.makeCurrent(), request, original, observed, outer);
    CURRENT.set(exchange);
    return exchange;
  }

  /** {@code doExecute} returned (or threw): the response of the current exchange arrived. */
  public static void executed(Object returned, Throwable thrown) {
    Apache4Exchange exchange = CURRENT.get();
    if (exchange == null || exchange.responded) {
      return;
    }
    if (thrown != null) {
      exchange.responded = true;
      exchange.call.failed(thrown);
    } else if (returned instanceof HttpResponse) {
      exchange.observe((HttpResponse) returned);
    }
  }

  /** The outermost {@code execute} returned or threw. */
  public static void end(Object state, Object returned, Throwable thrown) {
    if (!(state instanceof Apache4Exchange)) {
      return;
    }
    Apache4Exchange exchange = (Apache4Exchange) state;
    if (CURRENT.get() == exchange) {
      if (exchange.previous == null) {
        CURRENT.remove();
      } else {
        CURRENT.set(exchange.previous);
      }
    }
    VoiceBridge.close(exchange.scope);
    try {
      if (exchange.observedEntity != null
          && ((HttpEntityEnclosingRequest) exchange.request).getEntity() == exchange.observedEntity) {
        ((HttpEntityEnclosingRequest) exchange.request).setEntity(exchange.originalEntity);
      }
    } catch (Throwable ignored) {
      // the application keeps the observing entity, which behaves like its own
    }
    if (thrown != null) {
      exchange.call.failed(thrown); // no-op when the response already ended the call
    } else if (!exchange.responded) {
      // a client that implements execute without CloseableHttpClient.doExecute
      if (returned instanceof HttpResponse) {
        exchange.observe((HttpResponse) returned);
      } else {
        exchange.call.completed(); // a response handler's result: the body was read inside
      }
    }
  }

  /** {@code response} is being closed: a body not read to its end is cancelled. */
  public static void responseClosing(Object response) {
    if (response instanceof HttpResponse) {
      HttpEntity entity = ((HttpResponse) response).getEntity();
      if (entity instanceof ObservedResponseEntity) {
        ((ObservedResponseEntity) entity).responseClosing();
      }
    }
  }

  private void observe(HttpResponse response) {
    responded = true;
    try {
      call.responseHeaders(response.getStatusLine().getStatusCode(), headers(response));
      HttpEntity entity = response.getEntity();
      if (entity == null) {
        call.completed();
      } else {
        response.setEntity(new ObservedResponseEntity(entity, call));
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("Apache4Exchange", failure);
      // observing must never disturb the response
    }
  }

  /** The request's absolute URL ({@code host} given separately when the request's URI is relative), or null. */
  static String url(HttpHost host, HttpRequest request) {
    try {
      URI uri = request instanceof HttpUriRequest ? ((HttpUriRequest) request).getURI()
          : URI.create(request.getRequestLine().getUri());
      if (uri.isAbsolute()) {
        return uri.toString();
      }
      return host == null ? null : host.toURI() + uri;
    } catch (Exception e) {
      return null;
    }
  }

  /** Looks up a header of {@code message} by name (its first value), as the provider call asks. */
  static Function<String, String> headers(HttpMessage message) {
    return name -> {
      Header h = message.getFirstHeader(name);
      return h == null ? null : h.getValue();
    };
  }
}
