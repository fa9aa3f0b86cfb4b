package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Which session a span belongs to, when sessions end, and the limits that bound them. */
class SessionBoundariesTest {

  /**
   * A reply's end schedules the turn's quiet-gap check on the runtime's timer, which holds the session:
   * the session's end cancels it, so an ended call is not kept in memory for the gap.
   */
  @Test
  void anEndedSessionLeavesNoQuietGapCheckOnTheTimer() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      int before = VoiceClock.TIMER.getQueue().size();
      Object call = new Object();
      kit.open(call);
      VoiceKit.tts(kit.start(call, VoiceKit.TTS_URL));
      assertEquals(before + 1, VoiceClock.TIMER.getQueue().size(), "the reply ended: the quiet gap is pending");
      kit.runtime.connectionClosed(call);
      assertEquals(before, VoiceClock.TIMER.getQueue().size(), "the session ended: nothing of it left on the timer");
      assertEquals(1, kit.turns().size());
    }
  }

  @Test
  void aCallOnAConnectionWhoseSessionEndedStandsAloneAndNeverJoinsAnotherSession() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object finished = new Object();
      Object other = new Object();
      kit.open(finished);
      kit.open(other);
      VoiceKit.stt(kit.start(other, VoiceKit.STT_URL), "the other call is busy"); // a turn is open there
      kit.runtime.connectionClosed(finished);
      assertNull(kit.runtime.enterConnection(finished), "an ended session cannot be entered");

      VoiceKit.tts(kit.start(finished, VoiceKit.TTS_URL)); // late work of the finished call
      SpanData late = kit.only("text_to_speech");
      assertFalse(late.getParentSpanContext().isValid(), "late work stands alone: " + late.getParentSpanContext());
      assertNull(attr(late, VoiceAttributes.SESSION_ID));
      assertNull(attr(late, VoiceAttributes.CONVERSATION_ID));

      kit.runtime.connectionClosed(other);
      List<SpanData> sessions = kit.named("voice.session");
      assertEquals(2, sessions.size());
      for (SpanData session : sessions) {
        assertFalse(late.getTraceId().equals(session.getTraceId()), "never in a session's trace: " + session);
      }
      SpanData otherSession = sessions.get(1);
      assertEquals(1L, attr(otherSession, VoiceAttributes.SESSION_TURNS));
      assertEquals("session_closed", attr(kit.only("voice.turn"), VoiceAttributes.TURN_END_REASON),
          "the other call's turn never got a reply: the finished call's late speech is not its reply");
    }
  }

  @Test
  void lateWorkInsideTheEndedSessionsOwnCallbackStandsAloneToo() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall late;
      try (AutoCloseable callback = kit.runtime.enterConnection(conn)) { // onMessage is running
        assertNotNull(callback);
        kit.runtime.inboundText(conn, VoiceKit.TWILIO_START);
        kit.runtime.inboundText(conn, VoiceKit.TWILIO_STOP); // the call ends inside the callback
        late = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null); // the handler goes on
      }
      assertNotNull(late);
      VoiceKit.tts(late);
      SpanData session = kit.only("voice.session");
      assertEquals("stop", attr(session, VoiceAttributes.SESSION_END_REASON));
      SpanData tts = kit.only("text_to_speech");
      assertNull(attr(tts, VoiceAttributes.SESSION_ID));
      assertFalse(tts.getParentSpanContext().isValid(),
          "a stage of an ended session stands alone rather than under a span that already ended: parent "
              + tts.getParentSpanContext().getSpanId() + ", session " + session.getSpanId());
    }
  }

  @Test
  void twoConcurrentConnectionsKeepTheirSpansApart() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object a = new Object();
      Object b = new Object();
      kit.open(a);
      kit.open(b);
      CyclicBarrier step = new CyclicBarrier(2);
      ExecutorService pool = Executors.newFixedThreadPool(2);
      try {
        List<Future<?>> runs = new ArrayList<>();
        for (Object conn : new Object[] {a, b}) {
          runs.add(pool.submit(() -> {
            for (int exchange = 0; exchange < 3; exchange++) {
              step.await(10, TimeUnit.SECONDS);
              VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "utterance " + exchange);
              step.await(10, TimeUnit.SECONDS);
              VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
              step.await(10, TimeUnit.SECONDS);
              VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
            }
            return null;
          }));
        }
        for (Future<?> run : runs) {
          run.get(30, TimeUnit.SECONDS);
        }
      } finally {
        pool.shutdownNow();
      }
      kit.runtime.connectionClosed(a);
      kit.runtime.connectionClosed(b);

      List<SpanData> sessions = kit.named("voice.session");
      assertEquals(2, sessions.size());
      for (SpanData session : sessions) {
        String id = attr(session, VoiceAttributes.SESSION_ID);
        List<SpanData> inTrace = kit.spans().stream().filter(s -> s.getTraceId().equals(session.getTraceId()))
            .collect(Collectors.toList());
        assertEquals(1 + 3 + 9, inTrace.size(), "a session, 3 turns and 9 stages: " + inTrace);
        for (SpanData s : inTrace) {
          assertEquals(id, attr(s, VoiceAttributes.SESSION_ID), s.getName());
        }
        assertEquals(3L, attr(session, VoiceAttributes.SESSION_TURNS));
      }
      assertFalse(sessions.get(0).getTraceId().equals(sessions.get(1).getTraceId()));
    }
  }

  @Test
  void aNestedSecondLayerOpeningTheSameConnectionJoinsOneSession() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object container = new Object(); // e.g. the Jakarta session
      Object framework = new Object(); // e.g. Spring's WebSocketSession wrapping it
      AutoCloseable outer = kit.runtime.connectionOpened(container, "websocket");
      assertNotNull(outer);
      try {
        AutoCloseable inner = kit.runtime.connectionOpened(framework, "websocket");
        if (inner != null) {
          inner.close();
        }
        kit.runtime.inboundText(framework, VoiceKit.TWILIO_START);
      } finally {
        outer.close();
      }
      assertEquals(1, kit.runtime.openSessions());
      VoiceKit.stt(kit.start(container, VoiceKit.STT_URL), "hello");
      VoiceKit.tts(kit.start(framework, VoiceKit.TTS_URL));
      kit.runtime.connectionClosed(framework);
      kit.runtime.connectionClosed(container);

      SpanData session = kit.only("voice.session");
      assertEquals("CA42", attr(session, VoiceAttributes.CALL_ID));
      SpanData turn = kit.only("voice.turn");
      assertEquals(turn.getSpanId(), kit.only("speech_to_text").getParentSpanId());
      assertEquals(turn.getSpanId(), kit.only("text_to_speech").getParentSpanId());
      assertEquals(0, kit.runtime.openSessions());
    }
  }

  @Test
  void theOpenScopeMakesTheSessionCurrentAndClosingItRestoresTheThread() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      AutoCloseable scope = kit.runtime.connectionOpened(conn, "websocket");
      ProviderCall greeting = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null);
      scope.close();
      ProviderCall outside = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.CHAT_URL, h -> null);
      VoiceKit.tts(greeting);
      VoiceKit.chat(outside);
      kit.runtime.connectionClosed(conn);
      assertNotNull(attr(kit.only("text_to_speech"), VoiceAttributes.SESSION_ID), "a greeting in onOpen belongs to the call");
      assertNull(attr(kit.only("chat"), VoiceAttributes.SESSION_ID), "after onOpen returned, the thread is not in the call");
      assertNull(kit.runtime.connectionOpened(null, "websocket"));
    }
  }

  @Test
  void theSpanCapRecordsTheFirstStagesAndCountsTheRest() throws Exception {
    try (VoiceKit kit = new VoiceKit("session.max-spans", "2")) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "hello");
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      ProviderCall third = kit.start(conn, VoiceKit.TTS_URL);
      if (third != null) {
        VoiceKit.tts(third);
      }
      kit.runtime.connectionClosed(conn);
      assertEquals(1, kit.named("speech_to_text").size());
      assertEquals(1, kit.named("chat").size());
      assertEquals(0, kit.named("text_to_speech").size(), kit.names().toString());
      assertEquals(1L, attr(kit.only("voice.session"), VoiceAttributes.SESSION_DROPPED_SPANS));
    }
  }

  @Test
  void aSilentSessionEndsAtTheIdleTimeout() throws Exception {
    try (VoiceKit kit = new VoiceKit("session.idle-timeout", "200ms")) {
      Object conn = new Object();
      long opened = System.nanoTime();
      kit.open(conn);
      SpanData session = kit.await(s -> s.getName().equals("voice.session"), 10_000, "the idle session to end");
      assertEquals("idle_timeout", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertTrue(System.nanoTime() - opened >= TimeUnit.MILLISECONDS.toNanos(200), "not before the timeout");
      assertEquals(0, kit.runtime.openSessions());
      assertNull(kit.runtime.enterConnection(conn));
    }
  }

  @Test
  void activityKeepsASessionAliveAndTheIdleTimeoutCountsFromTheLastOne() throws Exception {
    try (VoiceKit kit = new VoiceKit("session.idle-timeout", "1s")) {
      Object conn = new Object();
      kit.open(conn);
      long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(2000);
      while (System.nanoTime() < until) { // media frames keep arriving for longer than the timeout
        kit.runtime.inboundText(conn, new String("{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}"));
        assertTrue(kit.named("voice.session").isEmpty(), "ended while active");
        java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
      }
      SpanData session = kit.await(s -> s.getName().equals("voice.session"), 10_000, "the session to go idle");
      assertEquals("idle_timeout", attr(session, VoiceAttributes.SESSION_END_REASON));
    }
  }

  @Test
  void aMethodSessionReturningAFutureEndsWhenTheFutureCompletes() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object token = kit.runtime.methodEntered("com.acme.Bot.handleCall");
      assertNotNull(token);
      ProviderCall call = kit.runtime.startHttpCall("jdk", "POST", VoiceKit.STT_URL, h -> null);
      CompletableFuture<Void> done = new CompletableFuture<>();
      kit.runtime.methodExited(token, done, null);
      VoiceKit.stt(call, "hello");
      assertTrue(kit.named("voice.session").isEmpty(), "the call goes on until its future completes");
      assertNull(kit.runtime.startHttpCall("jdk", "POST", "http://127.0.0.1:1/v1/models", h -> null));

      done.complete(null);
      SpanData session = kit.only("voice.session");
      assertEquals("closed", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertEquals("method", attr(session, VoiceAttributes.SESSION_SOURCE));
      assertEquals(attr(session, VoiceAttributes.SESSION_ID), attr(kit.only("speech_to_text"), VoiceAttributes.SESSION_ID));
      assertEquals(0, kit.runtime.openSessions());
    }
  }

  @Test
  void aMethodSessionThatThrowsEndsWithReasonError() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object token = kit.runtime.methodEntered("com.acme.Bot.handleCall");
      kit.runtime.methodExited(token, null, new IllegalStateException("boom"));
      SpanData session = kit.only("voice.session");
      assertEquals("error", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertEquals(StatusCode.ERROR, session.getStatus().getStatusCode());

      Object token2 = kit.runtime.methodEntered("com.acme.Bot.handleCall");
      CompletableFuture<Void> failing = new CompletableFuture<>();
      kit.runtime.methodExited(token2, failing, null);
      assertEquals(1, kit.named("voice.session").size());
      failing.completeExceptionally(new RuntimeException("later"));
      assertEquals(2, kit.named("voice.session").size());
      assertEquals("error", attr(kit.named("voice.session").get(1), VoiceAttributes.SESSION_END_REASON));
    }
  }

  @Test
  void aMethodSessionReturningNormallyEndsClosedAndANestedEntryJoinsIt() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object token = kit.runtime.methodEntered("com.acme.Bot.handleCall");
      assertNull(kit.runtime.methodEntered("com.acme.Bot.run"), "a nested session method is part of the call");
      kit.runtime.methodExited(token, "result", null);
      SpanData session = kit.only("voice.session");
      assertEquals("closed", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertNull(kit.runtime.startHttpCall("jdk", "GET", VoiceKit.CHAT_URL, h -> null));
      VoiceKit.chat(kit.runtime.startHttpCall("jdk", "POST", VoiceKit.CHAT_URL, h -> null));
      assertNull(attr(kit.only("chat"), VoiceAttributes.SESSION_ID), "the scope was closed on exit");
    }
  }

  @Test
  void aTwilioStopEndsTheSessionBeforeTheSocketCloses() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      kit.runtime.inboundText(conn, VoiceKit.TWILIO_START);
      kit.runtime.inboundText(conn, "not json at all, just chatter");
      kit.runtime.inboundText(conn, VoiceKit.TWILIO_STOP);
      SpanData session = kit.only("voice.session");
      assertEquals("stop", attr(session, VoiceAttributes.SESSION_END_REASON));
      kit.runtime.connectionClosed(conn);
      assertEquals(1, kit.spans().size());
    }
  }
}
