package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.EventData;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import org.junit.jupiter.api.Test;

/** The session → turn → stage tree and what each span carries, for one ordinary exchange. */
class StageSpansTest {

  @Test
  void aTwilioCallWithOneExchangeIsOneTraceOfSessionTurnAndThreeStages() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      kit.runtime.inboundText(conn, VoiceKit.TWILIO_START);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), VoiceKit.TRANSCRIPT);
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
      assertTrue(kit.named("voice.session").isEmpty(), "the session is still open");
      kit.runtime.inboundText(conn, VoiceKit.TWILIO_STOP);

      SpanData session = kit.only("voice.session");
      assertFalse(session.getParentSpanContext().isValid(), "the session is the root of its trace");
      assertEquals(SpanKind.INTERNAL, session.getKind());
      String id = attr(session, VoiceAttributes.SESSION_ID);
      assertNotNull(id);
      assertEquals(id, attr(session, VoiceAttributes.CONVERSATION_ID));
      assertEquals("CHAIN", attr(session, VoiceAttributes.OPENINFERENCE_KIND));
      assertEquals("twilio", attr(session, VoiceAttributes.SESSION_SOURCE));
      assertEquals("CA42", attr(session, VoiceAttributes.CALL_ID));
      assertEquals("MZ42", attr(session, VoiceAttributes.STREAM_ID));
      assertEquals("stop", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertEquals(1L, attr(session, VoiceAttributes.SESSION_TURNS));
      assertNull(attr(session, VoiceAttributes.SESSION_DROPPED_SPANS));

      SpanData turn = kit.only("voice.turn");
      assertEquals(SpanKind.INTERNAL, turn.getKind());
      assertEquals(session.getSpanId(), turn.getParentSpanId());
      assertEquals(session.getTraceId(), turn.getTraceId());
      assertEquals(1L, attr(turn, VoiceAttributes.TURN_NUMBER));
      assertEquals(id, attr(turn, VoiceAttributes.SESSION_ID));
      assertEquals(id, attr(turn, VoiceAttributes.CONVERSATION_ID));
      assertEquals("completed", attr(turn, VoiceAttributes.TURN_END_REASON));
      assertEquals(Boolean.FALSE, attr(turn, VoiceAttributes.TURN_INTERRUPTED));
      assertEquals("stt_request", attr(turn, VoiceAttributes.TURN_LATENCY_BASIS));
      Double latency = attr(turn, VoiceAttributes.TURN_USER_TO_BOT);
      assertNotNull(latency, "the first TTS byte gives the user-to-bot latency");
      assertTrue(latency >= 0, latency::toString);

      SpanData stt = kit.only("speech_to_text");
      SpanData chat = kit.only("chat");
      SpanData tts = kit.only("text_to_speech");
      assertEquals("speech_to_text gpt-4o-transcribe", stt.getName());
      assertEquals("chat gpt-4o-mini", chat.getName());
      assertEquals("text_to_speech eleven_flash_v2_5", tts.getName());
      for (SpanData stage : Arrays.asList(stt, chat, tts)) {
        assertEquals(SpanKind.CLIENT, stage.getKind(), stage.getName());
        assertEquals(turn.getSpanId(), stage.getParentSpanId(), stage.getName());
        assertEquals(session.getTraceId(), stage.getTraceId(), stage.getName());
        assertEquals(id, attr(stage, VoiceAttributes.SESSION_ID), stage.getName());
        assertEquals(id, attr(stage, VoiceAttributes.CONVERSATION_ID), stage.getName());
        assertEquals("127.0.0.1", attr(stage, VoiceAttributes.SERVER_ADDRESS), stage.getName());
        assertEquals(1L, attr(stage, VoiceAttributes.SERVER_PORT), stage.getName());
        Double ttfb = attr(stage, VoiceAttributes.TTFB);
        assertNotNull(ttfb, stage.getName());
        assertTrue(ttfb >= 0, stage.getName() + " ttfb " + ttfb);
        assertEquals(StatusCode.UNSET, stage.getStatus().getStatusCode(), stage.getName());
        assertNull(attr(stage, VoiceAttributes.CANCELLED), stage.getName());
      }
      assertEquals("speech_to_text", attr(stt, VoiceAttributes.OPERATION));
      assertEquals("chat", attr(chat, VoiceAttributes.OPERATION));
      assertEquals("text_to_speech", attr(tts, VoiceAttributes.OPERATION));
      assertEquals("elevenlabs", attr(tts, VoiceAttributes.PROVIDER));
      assertEquals("openai", attr(chat, VoiceAttributes.PROVIDER));
      assertEquals("LLM", attr(chat, VoiceAttributes.OPENINFERENCE_KIND));
      assertEquals("CHAIN", attr(tts, VoiceAttributes.OPENINFERENCE_KIND));
      assertEquals(5, kit.spans().size(), kit.names().toString());
    }
  }

  @Test
  void aClosedConnectionEndsItsSessionWithReasonClosed() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      kit.runtime.connectionClosed(conn);
      SpanData session = kit.only("voice.session");
      assertEquals("closed", attr(session, VoiceAttributes.SESSION_END_REASON));
      assertEquals("websocket", attr(session, VoiceAttributes.SESSION_SOURCE));
      assertEquals(0L, attr(session, VoiceAttributes.SESSION_TURNS));
      assertNull(attr(session, VoiceAttributes.CALL_ID));
      kit.runtime.connectionClosed(conn);
      assertEquals(1, kit.spans().size(), "a second close changes nothing");
      assertEquals(0, kit.runtime.openSessions());
    }
  }

  @Test
  void chatUsageAndFinishReasonsComeFromSseBytesSplitIntoOddChunks() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
      kit.runtime.connectionClosed(conn);
      SpanData chat = kit.only("chat");
      assertEquals("gpt-4o-mini", attr(chat, VoiceAttributes.REQUEST_MODEL));
      assertEquals("gpt-4o-mini-2024-07-18", attr(chat, VoiceAttributes.RESPONSE_MODEL));
      assertEquals("gpt-4o-mini-2024-07-18", attr(chat, VoiceAttributes.LLM_MODEL_NAME));
      assertEquals("openai", attr(chat, VoiceAttributes.LLM_PROVIDER));
      assertEquals("chatcmpl-7", attr(chat, VoiceAttributes.RESPONSE_ID));
      assertEquals(Collections.singletonList("stop"), attr(chat, VoiceAttributes.FINISH_REASONS));
      assertEquals(Boolean.TRUE, attr(chat, VoiceAttributes.REQUEST_STREAM));
      assertEquals(0.3, attr(chat, VoiceAttributes.REQUEST_TEMPERATURE));
      assertEquals(200L, attr(chat, VoiceAttributes.REQUEST_MAX_TOKENS));
      assertEquals(1200L, attr(chat, VoiceAttributes.INPUT_TOKENS));
      assertEquals(9L, attr(chat, VoiceAttributes.OUTPUT_TOKENS));
      assertEquals(1024L, attr(chat, VoiceAttributes.CACHED_INPUT_TOKENS));
      assertEquals(1200L, attr(chat, VoiceAttributes.LLM_TOKENS_PROMPT));
      assertEquals(9L, attr(chat, VoiceAttributes.LLM_TOKENS_COMPLETION));
      assertEquals(1209L, attr(chat, VoiceAttributes.LLM_TOKENS_TOTAL));
      assertEquals("req_chat", attr(chat, VoiceAttributes.PROVIDER_REQUEST_ID));
      Double ttfb = attr(chat, VoiceAttributes.TTFB);
      assertEquals(ttfb, attr(chat, VoiceAttributes.TIME_TO_FIRST_CHUNK), "time to first chunk equals voice.ttfb");
      Double firstContent = attr(chat, VoiceAttributes.TIME_TO_FIRST_CONTENT);
      assertNotNull(firstContent);
      assertTrue(firstContent >= ttfb, firstContent + " < " + ttfb);
    }
  }

  @Test
  void ttsCarriesVoiceCharactersFormatAndExactlyTheAudioBytesPassed() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(call, VoiceKit.TTS_TEXT, 160);
      for (int n : new int[] {1, 4096, 333, 8000}) {
        VoiceKit.audio(call, n);
      }
      call.responseBody(java.nio.ByteBuffer.allocate(77));
      call.completed();
      call.responseBody(new byte[500], 0, 500); // after the end: not counted
      kit.runtime.connectionClosed(conn);
      SpanData tts = kit.only("text_to_speech");
      assertEquals(160L + 1 + 4096 + 333 + 8000 + 77, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      assertEquals("21m00Tcm4TlvDq8ikWAM", attr(tts, VoiceAttributes.SPEECH_VOICE));
      assertEquals((long) VoiceKit.TTS_TEXT.length(), attr(tts, VoiceAttributes.TTS_CHARACTERS));
      assertEquals("ulaw_8000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
      assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.TTS_STREAMING));
      assertEquals("eleven_flash_v2_5", attr(tts, VoiceAttributes.REQUEST_MODEL));
      assertEquals("req_tts", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
    }
  }

  @Test
  void sttCarriesLanguageAndAudioDuration() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), VoiceKit.TRANSCRIPT);
      kit.runtime.connectionClosed(conn);
      SpanData stt = kit.only("speech_to_text");
      assertEquals("gpt-4o-transcribe", attr(stt, VoiceAttributes.REQUEST_MODEL));
      assertEquals("english", attr(stt, VoiceAttributes.STT_LANGUAGE));
      assertEquals(1.75, attr(stt, VoiceAttributes.STT_AUDIO_DURATION));
      assertEquals("req_stt", attr(stt, VoiceAttributes.PROVIDER_REQUEST_ID));
    }
  }

  @Test
  void http500IsAnErrorWithTheStatusAsErrorType() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
      byte[] req = "{\"text\":\"Hi\",\"model_id\":\"eleven_flash_v2_5\"}".getBytes(StandardCharsets.UTF_8);
      call.requestBody(req, 0, req.length);
      call.responseHeaders(500, VoiceKit.headers("content-type", "application/json"));
      byte[] err = "{\"detail\":{\"status\":\"internal_error\"}}".getBytes(StandardCharsets.UTF_8);
      call.responseBody(err, 0, err.length);
      call.completed();
      kit.runtime.connectionClosed(conn);
      SpanData tts = kit.only("text_to_speech");
      assertEquals(StatusCode.ERROR, tts.getStatus().getStatusCode());
      assertEquals("500", attr(tts, VoiceAttributes.ERROR_TYPE));
      assertNull(attr(kit.only("voice.turn"), VoiceAttributes.TURN_USER_TO_BOT), "an error body is not bot audio");
    }
  }

  /**
   * A proxy's HTML page or a line of text instead of the provider's JSON error, answering a streamed
   * chat: an error named by its status, nothing read from the body, and no time to first chunk (no
   * chunk came; the body's first byte is still {@code voice.ttfb}).
   */
  @Test
  void aNonJsonErrorBodyOnAStreamedChatIsAnErrorWithoutAFirstChunk() throws Exception {
    String[][] bodies = {
      {"502", "text/html", "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n"
          + "<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n"},
      {"500", "text/plain; charset=utf-8", "Internal Server Error\n"},
      {"503", "application/json", "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}"},
    };
    for (String[] b : bodies) {
      try (VoiceKit kit = new VoiceKit()) {
        Object conn = new Object();
        kit.open(conn);
        ProviderCall call = kit.start(conn, VoiceKit.CHAT_URL);
        byte[] req = VoiceKit.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
        call.requestBody(req, 0, req.length);
        call.responseHeaders(Integer.parseInt(b[0]), VoiceKit.headers("content-type", b[1]));
        byte[] err = b[2].getBytes(StandardCharsets.UTF_8);
        call.responseBody(err, 0, 7);
        call.responseBody(err, 7, err.length - 7);
        call.completed();
        kit.runtime.connectionClosed(conn);
        SpanData chat = kit.only("chat");
        assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode(), b[1]);
        assertEquals(b[0], attr(chat, VoiceAttributes.ERROR_TYPE), b[1]);
        assertEquals(Boolean.TRUE, attr(chat, VoiceAttributes.REQUEST_STREAM), b[1]);
        assertNotNull(attr(chat, VoiceAttributes.TTFB), b[1]);
        assertNull(attr(chat, VoiceAttributes.TIME_TO_FIRST_CHUNK), b[1] + ": an error body is no chunk");
        assertNull(attr(chat, VoiceAttributes.RESPONSE_MODEL), b[1]);
        assertNull(attr(chat, VoiceAttributes.OUTPUT_TOKENS), b[1]);
      }
    }
  }

  /**
   * OpenAI reports a failure inside a stream it already answered 200 with an {@code error} event; the
   * client throws when it reads it and closes the stream. The span is an error named by the event's
   * type, not a cancel (the stream was over), and its message is not kept.
   */
  @Test
  void anErrorEventInsideA200StreamIsAnErrorNamedByItsTypeNotACancel() throws Exception {
    String[][] cases = {
      {"{\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\",\"param\":null,\"code\":null}}",
          "server_error"},
      {"{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\",\"code\":\"rate_limit_exceeded\"}}",
          "rate_limit_exceeded"},
      {"{\"error\":{\"message\":\"upstream\",\"code\":502}}", "502"},
      {"{\"error\":\"something broke\"}", "stream_error"},
    };
    for (String[] c : cases) {
      try (VoiceKit kit = new VoiceKit()) {
        Object conn = new Object();
        kit.open(conn);
        ProviderCall call = streamedChatAnswered(kit, conn);
        String sse = VoiceKit.CHAT_SSE;
        String before = sse.substring(0, sse.indexOf("data: ", sse.indexOf("\"Sure, \""))); // role and first content
        byte[] body = (before + "data: " + c[0] + "\n\n").getBytes(StandardCharsets.UTF_8);
        call.responseBody(body, 0, body.length);
        call.cancelled(); // openai-java throws at the error event and closes the stream
        kit.runtime.connectionClosed(conn);
        SpanData chat = kit.only("chat");
        assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode(), c[0]);
        assertEquals(c[1], attr(chat, VoiceAttributes.ERROR_TYPE), c[0]);
        assertTrue(chat.getStatus().getDescription().contains(c[1]), chat.getStatus().getDescription());
        assertFalse(chat.getStatus().getDescription().contains("something broke")
            || chat.getStatus().getDescription().contains("had an error"), "the message is not kept");
        assertNull(attr(chat, VoiceAttributes.CANCELLED), c[0] + ": the stream was over, not cancelled");
        assertNotNull(attr(chat, VoiceAttributes.TIME_TO_FIRST_CHUNK), c[0] + ": a chunk came before the error");
      }
    }
  }

  @Test
  void aFailedTransferIsAnErrorNamedByTheExceptionClass() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.CHAT_URL);
      byte[] req = VoiceKit.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
      call.requestBody(req, 0, req.length);
      call.failed(new IOException("connection reset"));
      kit.runtime.connectionClosed(conn);
      SpanData chat = kit.only("chat");
      assertEquals("chat gpt-4o-mini", chat.getName());
      assertEquals(StatusCode.ERROR, chat.getStatus().getStatusCode());
      assertEquals("java.io.IOException", attr(chat, VoiceAttributes.ERROR_TYPE));
      EventData exception = chat.getEvents().stream().filter(e -> e.getName().equals("exception")).findFirst()
          .orElseThrow(() -> new AssertionError("no exception event: " + chat.getEvents()));
      assertEquals("connection reset", exception.getAttributes().get(AttributeKey.stringKey("exception.message")));
      assertNull(attr(chat, VoiceAttributes.TTFB), "no byte arrived, so no time to first byte");
    }
  }

  @Test
  void aCancelledStreamIsMarkedCancelled() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(call, VoiceKit.TTS_TEXT, 640);
      call.cancelled();
      call.completed(); // a later end signal changes nothing
      kit.runtime.connectionClosed(conn);
      SpanData tts = kit.only("text_to_speech");
      assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.CANCELLED));
      assertEquals(640L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      assertEquals(StatusCode.UNSET, tts.getStatus().getStatusCode());
    }
  }

  @Test
  void closingAfterReadingTheWholeContentLengthIsNotACancel() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
      byte[] body = "{\"text\":\"Hi\",\"model_id\":\"m\"}".getBytes(StandardCharsets.UTF_8);
      call.requestBody(body, 0, body.length);
      call.responseHeaders(200, VoiceKit.headers("content-type", "audio/mpeg", "content-length", "300"));
      VoiceKit.audio(call, 300);
      call.cancelled();
      kit.runtime.connectionClosed(conn);
      assertNull(attr(kit.only("text_to_speech"), VoiceAttributes.CANCELLED));
    }
  }

  /** A chat request sent on {@code conn}'s session, answered 200 with an event stream (no body yet). */
  private static ProviderCall streamedChatAnswered(VoiceKit kit, Object conn) throws Exception {
    ProviderCall call = kit.start(conn, VoiceKit.CHAT_URL);
    byte[] req = VoiceKit.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
    call.requestBody(req, 0, req.length);
    call.responseHeaders(200, VoiceKit.headers("content-type", "text/event-stream"));
    return call;
  }

  @Test
  void stoppingAtTheStreamsLastEventIsNotACancelButStoppingBeforeItIs() throws Exception {
    for (boolean throughDone : new boolean[] {true, false}) {
      try (VoiceKit kit = new VoiceKit()) {
        Object conn = new Object();
        kit.open(conn);
        ProviderCall call = streamedChatAnswered(kit, conn);
        // Spring AI's takeUntil("[DONE]") cancels the body after that event, before the transport's end
        String sse = VoiceKit.CHAT_SSE;
        byte[] read = (throughDone ? sse : sse.substring(0, sse.indexOf("data: [DONE]"))).getBytes(StandardCharsets.UTF_8);
        call.responseBody(read, 0, read.length);
        call.cancelled();
        kit.runtime.connectionClosed(conn);
        assertEquals(throughDone ? null : Boolean.TRUE, attr(kit.only("chat"), VoiceAttributes.CANCELLED),
            throughDone ? "read through [DONE]" : "stopped before [DONE]");
      }
    }
  }

  @Test
  void aCallOutsideAnySessionStandsAlone() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      VoiceKit.tts(kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null));
      SpanData tts = kit.only("text_to_speech");
      assertFalse(tts.getParentSpanContext().isValid());
      assertNull(attr(tts, VoiceAttributes.SESSION_ID));
      assertEquals(1, kit.spans().size(), "no turn and no session");
    }
  }

  @Test
  void requestsThatAreNotProviderCallsAreIgnored() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      try (AutoCloseable ignored = kit.runtime.enterConnection(conn)) {
        assertNull(kit.runtime.startHttpCall("jdk", "GET", VoiceKit.CHAT_URL, h -> null));
        assertNull(kit.runtime.startHttpCall("jdk", "POST", "http://127.0.0.1:1/v1/embeddings", h -> null));
      }
      kit.runtime.connectionClosed(conn);
      assertEquals(Collections.singletonList("voice.session"), kit.names());
      assertEquals(0L, attr(kit.only("voice.session"), VoiceAttributes.SESSION_TURNS));
    }
  }
}
