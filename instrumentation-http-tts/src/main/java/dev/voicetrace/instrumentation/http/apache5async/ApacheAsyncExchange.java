package dev.voicetrace.instrumentation.http.apache5async;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import dev.voicetrace.instrumentation.http.apache5.ApacheMessages;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.nio.support.BasicRequestProducer;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The entry points of the Apache HttpClient 5 async advice. An {@code execute} that sends a speech
 * or LLM request starts the provider call and keeps its stage span current until {@code execute}
 * returns (upstream's advice on the same method captures its parent context meanwhile; the exchange
 * itself runs later, on the client's I/O threads); the request producer, the response consumer and
 * the result callback are swapped for observing wrappers. Everything else passes through untouched.
 */
public final class ApacheAsyncExchange {
  /**
   * Producer classes whose {@code sendRequest} is {@link BasicRequestProducer}'s, which only hands
   * the request it holds to the channel: calling it with a channel that just keeps the request shows
   * the request before the client sends it, without touching the body.
   */
  private static final ClassValue<Boolean> PLAIN_SEND = new ClassValue<Boolean>() {
    @Override
    protected Boolean computeValue(Class<?> type) {
      try {
        return type.getMethod("sendRequest", RequestChannel.class, HttpContext.class).getDeclaringClass()
            == BasicRequestProducer.class;
      } catch (Throwable e) {
        return Boolean.FALSE;
      }
    }
  };

  private ApacheAsyncExchange() {}

  /**
   * {@code execute} was entered with these arguments; returns the producer, consumer and callback
   * {@code execute} must go on with (the same ones unless this is a provider call), then the scope
   * to close on exit.
   */
  public static Object[] start(Object target, Object producer, Object consumer, Object context, Object callback) {
    Object[] unchanged = {producer, consumer, callback, null};
    try {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null || !(producer instanceof AsyncRequestProducer) || !(consumer instanceof AsyncResponseConsumer)
          || consumer instanceof ObservedResponseConsumer) {
        return unchanged; // not ours, or a client delegating to another one: the outer execute reports
      }
      HttpRequest request = request((AsyncRequestProducer) producer, context);
      if (request == null) {
        return unchanged;
      }
      String url = ApacheMessages.url(target instanceof HttpHost ? (HttpHost) target : null, request);
      if (url == null) {
        return unchanged;
      }
      ProviderCall call = runtime.startHttpCall("apache-httpclient5-async", request.getMethod(), url,
          ApacheMessages.headers(request));
      if (call == null) {
        return unchanged;
      }
      return new Object[] {
        new ObservedRequestProducer((AsyncRequestProducer) producer, call),
        new ObservedResponseConsumer<>((AsyncResponseConsumer<?>) consumer, call),
        new ObservedFutureCallback<>((FutureCallback<?>) callback, call),
        call.makeCurrent()
      };
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ApacheAsyncExchange", failure);
      return unchanged;
    }
  }

  /** {@code execute} returned (the exchange goes on in the client) or threw. */
  public static void end(Object[] state, Throwable thrown) {
    if (state == null || state.length < 4 || !(state[3] instanceof AutoCloseable)) {
      return;
    }
    VoiceBridge.close(state[3]);
    if (thrown != null && state[1] instanceof ObservedResponseConsumer) {
      ((ObservedResponseConsumer<?>) state[1]).call.failed(thrown);
    }
  }

  /** The request a plain {@link BasicRequestProducer} (or {@code SimpleRequestProducer}) holds, else null. */
  private static HttpRequest request(AsyncRequestProducer producer, Object context) throws Exception {
    if (!(producer instanceof BasicRequestProducer) || !PLAIN_SEND.get(producer.getClass())) {
      return null;
    }
    HttpRequest[] seen = new HttpRequest[1];
    producer.sendRequest(new RequestChannel() {
      @Override
      public void sendRequest(HttpRequest request, EntityDetails entityDetails, HttpContext c) {
        seen[0] = request;
      }
    }, context instanceof HttpContext ? (HttpContext) context : null);
    return seen[0];
  }
}
