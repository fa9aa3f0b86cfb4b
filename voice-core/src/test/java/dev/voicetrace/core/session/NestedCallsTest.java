package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Requests made while another provider call's context is current: a client layered on the one that
 * reports the call (no second span), the application's own request from a callback of the call (a
 * sibling, not a child), and the attempts of an asynchronous SDK retry loop sent from other threads
 * (one span).
 */
class NestedCallsTest {
  private static final String POLLY_REQUEST =
      "{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"Text\":\"Hello there\",\"VoiceId\":\"Joanna\"}";

  @Test
  void aRequestFromTheStreamsCallbackIsTheChatsSiblingAndALayeredClientIsNoSecondCall() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall chat = kit.start(conn, VoiceKit.CHAT_URL);
      byte[] request = VoiceKit.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
      chat.requestBody(request, 0, request.length);
      try (AutoCloseable sending = chat.makeCurrent()) {
        // e.g. HttpClient.sendAsync(request, handler) delegating to sendAsync(request, handler, null)
        assertNull(kit.runtime.startHttpCall("jdk", "POST", VoiceKit.CHAT_URL, h -> null),
            "the same request passing a second hook while it is being sent");
      }
      chat.responseHeaders(200, VoiceKit.headers("content-type", "text/event-stream"));
      ProviderCall tts;
      try (AutoCloseable callback = chat.makeCurrent()) {
        // the stream is read in a callback that runs under the context captured when the chat was sent
        tts = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null);
      }
      assertNotNull(tts, "the first sentence's TTS request is a call of its own");
      VoiceKit.tts(tts);
      byte[] sse = VoiceKit.CHAT_SSE.getBytes(StandardCharsets.UTF_8);
      chat.responseBody(sse, 0, sse.length);
      chat.completed();
      kit.runtime.connectionClosed(conn);

      SpanData turn = kit.only("voice.turn");
      SpanData chatSpan = kit.only("chat");
      SpanData ttsSpan = kit.only("text_to_speech");
      assertEquals(turn.getSpanId(), chatSpan.getParentSpanId());
      assertEquals(turn.getSpanId(), ttsSpan.getParentSpanId(), "TTS is the chat span's sibling, not its child");
      assertEquals(turn.getTraceId(), ttsSpan.getTraceId());
    }
  }

  /**
   * Spring {@code WebClient}: the call is opened at its filter chain, above upstream's spring-webflux
   * span; the JDK or Reactor Netty hook that sends the request, on the client's thread and under the
   * context the layers above made current, takes the call over instead of opening a second one, and
   * leaves that context current (so upstream's transport span nests where it would without us).
   */
  @Test
  void aCallOpenedAboveTheTransportIsTakenOverByTheTransportThatSendsIt() throws Exception {
    ExecutorService client = Executors.newSingleThreadExecutor();
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall exchange;
      ProviderCall transport;
      try (AutoCloseable inCall = kit.runtime.enterConnection(conn)) {
        exchange = kit.runtime.startExchange("spring-webclient", "POST", VoiceKit.CHAT_URL, h -> null);
        assertNotNull(exchange);
        try (AutoCloseable above = exchange.makeCurrent()) {
          Context layersAbove = Context.current().with(ContextKey.named("upstream-webflux-span"), "span");
          transport = client.submit(layersAbove.wrap(() -> {
            ProviderCall taken = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.CHAT_URL, h -> null);
            try (AutoCloseable sending = taken.makeCurrent()) {
              assertSame(layersAbove, Context.current(), "the transport sends under the layers above, unchanged");
            }
            return taken;
          })).get();
        }
      }
      assertSame(exchange, transport, "the transport reports the call the layer above opened");
      VoiceKit.chat(transport);
      assertFalse(exchange.leftToCaller(), "the transport took it over");
      kit.runtime.connectionClosed(conn);

      SpanData chat = kit.only("chat");
      assertEquals("chat gpt-4o-mini", chat.getName(), "the transport's request body names the model");
      assertEquals(kit.only("voice.turn").getSpanId(), chat.getParentSpanId());
      assertEquals(1209L, chat.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("gen_ai.usage.input_tokens"))
          + chat.getAttributes().get(io.opentelemetry.api.common.AttributeKey.longKey("gen_ai.usage.output_tokens")));
    } finally {
      client.shutdownNow();
    }
  }

  /**
   * A {@code WebClient} on a connector voicetrace does not hook (Jetty): no transport takes the call
   * over, its caller reports the response's status and ends it; a hooked transport seen after that is
   * a layered client (no second span), never a take-over.
   */
  @Test
  void aCallOpenedAboveATransportNothingHooksIsLeftToItsCaller() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall exchange;
      try (AutoCloseable inCall = kit.runtime.enterConnection(conn)) {
        exchange = kit.runtime.startExchange("spring-webclient", "POST", VoiceKit.TTS_URL, h -> null);
      }
      assertTrue(exchange.leftToCaller());
      assertFalse(exchange.leftToCaller(), "asked once: the caller reports it");
      try (AutoCloseable above = exchange.makeCurrent()) {
        assertNull(kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null),
            "too late to take it over: a layered client, no second call");
      }
      exchange.responseHeaders(503, VoiceKit.headers("content-type", "application/json"));
      exchange.completed();
      kit.runtime.connectionClosed(conn);

      SpanData tts = kit.only("text_to_speech");
      assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, tts.getStatus().getStatusCode());
      assertEquals("503", tts.getAttributes().get(io.opentelemetry.api.common.AttributeKey.stringKey("error.type")));
    }
  }

  @Test
  void anAsyncRetryLoopsAttemptsSentFromOtherThreadsAreOneCall() throws Exception {
    ExecutorService dispatcher = Executors.newSingleThreadExecutor(); // the HTTP client's own threads
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      Object loopKey = new Object(); // openai-java: the Ref.IntRef of one executeAsync call
      CompletableFuture<Void> overall = new CompletableFuture<>();
      AtomicReference<ProviderCall> first = new AtomicReference<>();
      try (AutoCloseable inCall = kit.runtime.enterConnection(conn)) {
        Object attempt = kit.runtime.asyncAttemptStarting(loopKey);
        // the client runs the request on its own thread, in the context it was enqueued under
        dispatcher.submit(Context.current().wrap(() -> {
          ProviderCall call = kit.runtime.startHttpCall("okhttp", "POST", VoiceKit.CHAT_URL, h -> null);
          first.set(call);
          call.responseHeaders(500, VoiceKit.headers("content-type", "application/json"));
          call.cancelled(); // the loop closes the failed response before retrying
        })).get();
        kit.runtime.asyncAttemptSent(attempt, overall, null);
      }
      assertNotNull(first.get());
      assertEquals(0, kit.named("chat").size(), "the failed attempt waits for the loop's decision");

      // the back-off completes on a timer thread that knows nothing of the call
      AtomicReference<ProviderCall> second = new AtomicReference<>();
      AtomicReference<ProviderCall> own = new AtomicReference<>();
      Thread timer = new Thread(() -> {
        Object attempt = kit.runtime.asyncAttemptStarting(loopKey);
        Context sentUnder = Context.current();
        kit.runtime.asyncAttemptSent(attempt, new CompletableFuture<>(), null);
        try {
          dispatcher.submit(sentUnder.wrap(() -> {
            ProviderCall call = kit.runtime.startHttpCall("okhttp", "POST", VoiceKit.CHAT_URL, h -> null);
            second.set(call);
            VoiceKit.chat(call);
            // the application's own request in a callback of the loop's future, same context
            own.set(kit.runtime.startHttpCall("okhttp", "POST", VoiceKit.TTS_URL, h -> null));
          })).get();
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      timer.start();
      timer.join();
      assertSame(first.get(), second.get(), "the retry is another attempt of the same call");
      assertNotNull(own.get(), "the app's own request is no attempt of the loop");
      assertNotSame(first.get(), own.get());
      VoiceKit.tts(own.get());
      overall.complete(null);
      kit.runtime.connectionClosed(conn);

      SpanData chat = kit.only("chat");
      assertEquals(2L, attr(chat, VoiceAttributes.ATTEMPTS));
      assertNull(attr(chat, VoiceAttributes.ERROR_TYPE), "the last attempt succeeded");
      SpanData turn = kit.only("voice.turn");
      assertEquals(turn.getSpanId(), chat.getParentSpanId(), "attempts sent outside the call stay in it");
      assertEquals(turn.getSpanId(), kit.only("text_to_speech").getParentSpanId());
    } finally {
      dispatcher.shutdownNow();
    }
  }

  /**
   * An SDK call (the AWS SDK's {@code PollyClient.synthesizeSpeech}) opened above the transport before
   * the SDK knows its endpoint, inside the SDK's blocking retry loop: the first attempt's transport takes
   * it over (and names where the request really went), the first attempt fails before any response, the
   * second answers 500, the third succeeds: one call, three attempts, no layered client mistaken for one.
   */
  @Test
  void anSdkCallOpenedBeforeItsEndpointIsKnownIsOneCallAcrossItsRetries() throws Exception {
    String sdkGuess = "https://polly.amazonaws.com/v1/speech";
    String real = "http://127.0.0.1:4567/v1/speech";
    byte[] body = POLLY_REQUEST.getBytes(StandardCharsets.UTF_8);
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      try (AutoCloseable inCall = kit.runtime.enterConnection(conn)) {
        Object loop = kit.runtime.retriesStarting();
        ProviderCall sdk = kit.runtime.startExchange("aws-sdk", "POST", sdkGuess, h -> null);
        assertNotNull(sdk);
        try (AutoCloseable above = sdk.makeCurrent()) {
          ProviderCall first = kit.runtime.startHttpCall("urlconnection", "POST", real, h -> null);
          assertSame(sdk, first, "the first attempt's transport takes the SDK's call over");
          first.requestBodyStarted();
          first.requestBody(body, 0, body.length);
          first.failed(new java.net.SocketException("Connection reset"));
          ProviderCall second = kit.runtime.startHttpCall("urlconnection", "POST", real, h -> null);
          assertSame(sdk, second, "a retry after a failure before any response is the next attempt");
          second.requestBodyStarted();
          second.requestBody(body, 0, body.length);
          second.responseHeaders(500, VoiceKit.headers("content-type", "application/json"));
          second.completed();
          ProviderCall third = kit.runtime.startHttpCall("urlconnection", "POST", real, h -> null);
          assertSame(sdk, third, "the next attempt after a 500");
          third.requestBodyStarted();
          third.requestBody(body, 0, body.length);
          third.responseHeaders(200, VoiceKit.headers("content-type", "audio/pcm", "x-amzn-RequestCharacters", "11"));
          byte[] audio = new byte[3200];
          third.responseBody(audio, 0, audio.length);
          third.completed();
        }
        assertFalse(sdk.leftToCaller(), "a transport took it over");
        kit.runtime.retriesEnded(loop);
      }
      kit.runtime.connectionClosed(conn);

      SpanData tts = kit.only("text_to_speech");
      assertEquals("text_to_speech neural", tts.getName());
      assertEquals(3L, attr(tts, VoiceAttributes.ATTEMPTS));
      assertEquals(io.opentelemetry.api.trace.StatusCode.UNSET, tts.getStatus().getStatusCode(), "the last attempt succeeded");
      assertEquals(3200L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      assertEquals("127.0.0.1", attr(tts, VoiceAttributes.SERVER_ADDRESS), "where the request went, not the SDK's guess");
      assertEquals(4567L, attr(tts, VoiceAttributes.SERVER_PORT));
      assertEquals(kit.only("voice.turn").getSpanId(), tts.getParentSpanId());
    }
  }

  /**
   * The AWS SDK's asynchronous client: the call opened above the transport by the client handler, then
   * the SDK's asynchronous retry loop announcing each attempt; the first attempt's transport takes the call
   * over, the second attempt is sent from the SDK's scheduler thread: one call with two attempts.
   */
  @Test
  void anSdkCallOpenedAboveItsAsyncRetryLoopIsOneCallAcrossItsAttempts() throws Exception {
    String real = "http://127.0.0.1:4567/v1/speech";
    byte[] body = POLLY_REQUEST.getBytes(StandardCharsets.UTF_8);
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      Object executor = new Object(); // the SDK: one RetryingExecutor per call
      CompletableFuture<Void> overall = new CompletableFuture<>();
      ProviderCall sdk;
      try (AutoCloseable inCall = kit.runtime.enterConnection(conn)) {
        sdk = kit.runtime.startExchange("aws-sdk", "POST", "https://polly.amazonaws.com/v1/speech", h -> null);
        try (AutoCloseable handler = sdk.makeCurrent()) {
          Object attempt = kit.runtime.asyncAttemptStarting(executor);
          ProviderCall first = kit.runtime.startHttpCall("aws-async", "POST", real, h -> null);
          assertSame(sdk, first, "the first attempt's transport takes the SDK's call over");
          first.requestBodyStarted();
          first.requestBody(body, 0, body.length);
          first.responseHeaders(500, VoiceKit.headers("content-type", "application/json"));
          first.completed();
          kit.runtime.asyncAttemptSent(attempt, overall, null);
        }
      }
      assertEquals(0, kit.named("text_to_speech").size(), "the failed attempt waits for the loop's decision");
      AtomicReference<ProviderCall> second = new AtomicReference<>();
      Thread scheduler = new Thread(() -> { // the back-off's end: a thread that knows nothing of the call
        Object attempt = kit.runtime.asyncAttemptStarting(executor);
        ProviderCall call = kit.runtime.startHttpCall("aws-async", "POST", real, h -> null);
        second.set(call);
        call.requestBodyStarted();
        call.requestBody(body, 0, body.length);
        call.responseHeaders(200, VoiceKit.headers("content-type", "audio/pcm"));
        byte[] audio = new byte[1600];
        call.responseBody(audio, 0, audio.length);
        call.completed();
        kit.runtime.asyncAttemptSent(attempt, overall, null);
      });
      scheduler.start();
      scheduler.join();
      assertSame(sdk, second.get(), "the retry is another attempt of the SDK's call");
      overall.complete(null);
      assertFalse(sdk.leftToCaller(), "a transport took it over");
      kit.runtime.connectionClosed(conn);

      SpanData tts = kit.only("text_to_speech");
      assertEquals(2L, attr(tts, VoiceAttributes.ATTEMPTS));
      assertEquals(1600L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      assertNull(attr(tts, VoiceAttributes.ERROR_TYPE), "the last attempt succeeded");
      assertEquals(kit.only("voice.turn").getSpanId(), tts.getParentSpanId());
    }
  }
}
