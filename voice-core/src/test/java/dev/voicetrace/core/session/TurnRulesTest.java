package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** How turns open and close, inferred from the bot's provider calls (DESIGN §5). */
class TurnRulesTest {

  @Test
  void aNewUtteranceAfterTheReplyEndedCompletesTheTurnAndOpensTheNext() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "first");
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      assertTrue(kit.named("voice.turn").isEmpty(), "the turn waits for the quiet gap or the next utterance");

      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "second");
      SpanData first = kit.only("voice.turn");
      assertEquals(1L, attr(first, VoiceAttributes.TURN_NUMBER));
      assertEquals("completed", attr(first, VoiceAttributes.TURN_END_REASON));
      assertEquals(Boolean.FALSE, attr(first, VoiceAttributes.TURN_INTERRUPTED));
      assertTrue(first.getEvents().stream().noneMatch(e -> e.getName().equals("voice.interruption")));
      SpanData firstTts = kit.only("text_to_speech");
      assertTrue(first.getEndEpochNanos() <= kit.named("speech_to_text").get(1).getStartEpochNanos(),
          "a completed turn ends when its reply ended, not when the next utterance arrived");
      assertTrue(first.getEndEpochNanos() >= firstTts.getEndEpochNanos() - 1);

      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      kit.runtime.connectionClosed(conn);

      SpanData session = kit.only("voice.session");
      assertEquals(2L, attr(session, VoiceAttributes.SESSION_TURNS));
      SpanData second = kit.turn(2);
      assertEquals(session.getSpanId(), second.getParentSpanId());
      assertEquals("session_closed", attr(second, VoiceAttributes.TURN_END_REASON), "its reply never started");
      List<SpanData> stts = kit.named("speech_to_text");
      assertEquals(first.getSpanId(), stts.get(0).getParentSpanId());
      assertEquals(second.getSpanId(), stts.get(1).getParentSpanId());
      List<SpanData> chats = kit.named("chat");
      assertEquals(first.getSpanId(), chats.get(0).getParentSpanId());
      assertEquals(second.getSpanId(), chats.get(1).getParentSpanId());
    }
  }

  @Test
  void anUtteranceWhileTheBotIsStillSpeakingInterruptsTheTurn() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "first");
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      ProviderCall speaking = kit.start(conn, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(speaking, VoiceKit.TTS_TEXT, 800);

      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "wait, actually");
      SpanData first = kit.only("voice.turn");
      assertEquals(1L, attr(first, VoiceAttributes.TURN_NUMBER));
      assertEquals("interrupted", attr(first, VoiceAttributes.TURN_END_REASON));
      assertEquals(Boolean.TRUE, attr(first, VoiceAttributes.TURN_INTERRUPTED));
      assertTrue(first.getEvents().stream().anyMatch(e -> e.getName().equals("voice.interruption")), first.toString());

      speaking.cancelled(); // the bot stops its TTS stream on barge-in
      kit.runtime.connectionClosed(conn);
      SpanData tts = kit.only("text_to_speech");
      assertEquals(first.getSpanId(), tts.getParentSpanId(), "the interrupted reply stays in its own turn");
      assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.CANCELLED));
      SpanData second = kit.turn(2);
      assertEquals(kit.named("speech_to_text").get(1).getParentSpanId(), second.getSpanId());
      assertEquals(Boolean.FALSE, attr(second, VoiceAttributes.TURN_INTERRUPTED));
      assertEquals(2L, attr(kit.only("voice.session"), VoiceAttributes.SESSION_TURNS));
    }
  }

  @Test
  void theQuietGapAfterTheReplyClosesTheTurn() throws Exception {
    try (VoiceKit kit = new VoiceKit("turn.quiet-gap", "50ms")) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "hello");
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      SpanData turn = kit.await(s -> s.getName().equals("voice.turn"), 10_000, "the turn to end after the quiet gap");
      assertEquals("completed", attr(turn, VoiceAttributes.TURN_END_REASON));
      assertEquals(Boolean.FALSE, attr(turn, VoiceAttributes.TURN_INTERRUPTED));
      assertTrue(kit.named("voice.session").isEmpty(), "the session goes on");
      SpanData tts = kit.only("text_to_speech");
      assertTrue(turn.getEndEpochNanos() - tts.getEndEpochNanos() < 1_000_000,
          "the turn ends when the reply ended, the quiet gap is not part of it");

      // the next exchange is a new turn
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "next");
      kit.runtime.connectionClosed(conn);
      assertEquals(2L, attr(kit.only("voice.session"), VoiceAttributes.SESSION_TURNS));
      assertEquals(kit.turn(2).getSpanId(), kit.named("speech_to_text").get(1).getParentSpanId());
    }
  }

  @Test
  void moreBotOutputWithinTheQuietGapStaysInTheTurn() throws Exception {
    try (VoiceKit kit = new VoiceKit()) { // a quiet gap of 10 minutes
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "hello");
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL)); // a second sentence of the same reply
      kit.runtime.connectionClosed(conn);
      SpanData turn = kit.only("voice.turn");
      for (SpanData tts : kit.named("text_to_speech")) {
        assertEquals(turn.getSpanId(), tts.getParentSpanId());
      }
      assertEquals("completed", attr(turn, VoiceAttributes.TURN_END_REASON));
    }
  }

  @Test
  void closingTheSessionMidSpeechEndsTheStageAndTheTurnAsSessionClosed() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "hello");
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      ProviderCall speaking = kit.start(conn, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(speaking, VoiceKit.TTS_TEXT, 500);

      kit.runtime.connectionClosed(conn); // the caller hung up while the bot was talking
      SpanData tts = kit.only("text_to_speech");
      assertEquals(500L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      SpanData turn = kit.only("voice.turn");
      assertEquals(turn.getSpanId(), tts.getParentSpanId());
      SpanData session = kit.only("voice.session");
      assertEquals("closed", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertEquals("session_closed", attr(turn, VoiceAttributes.TURN_END_REASON),
          "the reply was still streaming when the session ended");
      assertTrue(tts.getEndEpochNanos() <= turn.getEndEpochNanos());
      assertTrue(turn.getEndEpochNanos() <= session.getEndEpochNanos());

      speaking.completed(); // the stream's late end changes nothing
      assertEquals(3 + 2, kit.spans().size(), kit.names().toString());
    }
  }

  @Test
  void endAllEndsEverySessionTurnAndStageWithReasonShutdown() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object a = new Object();
      Object b = new Object();
      kit.open(a);
      kit.open(b);
      VoiceKit.stt(kit.start(a, VoiceKit.STT_URL), "hello");
      ProviderCall speaking = kit.start(a, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(speaking, VoiceKit.TTS_TEXT, 100);
      ProviderCall thinking = kit.start(b, VoiceKit.CHAT_URL); // no response yet
      assertNotNull(thinking);

      kit.runtime.endAll("shutdown");
      assertEquals(0, kit.runtime.openSessions());
      List<SpanData> sessions = kit.named("voice.session");
      assertEquals(2, sessions.size());
      for (SpanData s : sessions) {
        assertEquals("shutdown", attr(s, VoiceAttributes.SESSION_END_REASON));
      }
      assertEquals(2, kit.named("voice.turn").size(), kit.names().toString());
      assertEquals(1, kit.named("text_to_speech").size());
      assertEquals(1, kit.named("chat").size());
      assertEquals(1, kit.named("speech_to_text").size());
      int before = kit.spans().size();
      speaking.completed();
      thinking.failed(new java.io.IOException("closed"));
      kit.runtime.endAll("shutdown");
      assertEquals(before, kit.spans().size(), "nothing ends twice");
    }
  }

  @Test
  void anLlmRequestOpensATurnWhenNoneIsOpen() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      kit.runtime.connectionClosed(conn);
      SpanData turn = kit.only("voice.turn");
      assertEquals("llm_request", attr(turn, VoiceAttributes.TURN_LATENCY_BASIS));
      assertEquals(turn.getSpanId(), kit.only("chat").getParentSpanId());
      assertEquals(turn.getSpanId(), kit.only("text_to_speech").getParentSpanId());
    }
  }

  @Test
  void aGreetingIsABotInitiatedTurnWithoutUserLatency() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), "hi");
      kit.runtime.connectionClosed(conn);
      SpanData greeting = kit.turn(1);
      assertNull(attr(greeting, VoiceAttributes.TURN_LATENCY_BASIS));
      assertNull(attr(greeting, VoiceAttributes.TURN_USER_TO_BOT));
      assertEquals("completed", attr(greeting, VoiceAttributes.TURN_END_REASON));
      assertEquals(List.of(1L, 2L),
          kit.turns().stream().map(t -> attr(t, VoiceAttributes.TURN_NUMBER)).collect(Collectors.toList()));
      assertEquals(kit.only("voice.session").getSpanId(), kit.turn(2).getParentSpanId());
    }
  }
}
