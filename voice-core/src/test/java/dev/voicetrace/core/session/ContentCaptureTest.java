package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import org.junit.jupiter.api.Test;

/** Prompts, transcripts and TTS text are recorded only when content capture is on (CONVENTIONS, Content). */
class ContentCaptureTest {

  private static void oneExchange(VoiceKit kit) throws Exception {
    Object conn = new Object();
    kit.open(conn);
    VoiceKit.stt(kit.start(conn, VoiceKit.STT_URL), VoiceKit.TRANSCRIPT);
    VoiceKit.chat(kit.start(conn, VoiceKit.CHAT_URL));
    VoiceKit.tts(kit.start(conn, VoiceKit.TTS_URL));
    kit.runtime.connectionClosed(conn);
  }

  @Test
  void offByDefaultNoTextOfTheConversationIsRecorded() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      oneExchange(kit);
      assertEquals(5, kit.spans().size(), kit.names().toString());
      for (SpanData s : kit.spans()) {
        s.getAttributes().forEach((key, value) -> {
          String k = key.getKey();
          assertTrue(!k.equals("voice.tts.text") && !k.equals("voice.stt.transcript") && !k.equals("input.value")
              && !k.equals("output.value") && !k.startsWith("llm.input_messages") && !k.startsWith("llm.output_messages"),
              s.getName() + " records " + k);
          String v = String.valueOf(value);
          assertTrue(!v.contains("book a table") && !v.contains("I can help") && !v.contains("restaurant host"),
              s.getName() + " leaks content in " + k + "=" + v);
        });
      }
    }
  }

  @Test
  void onTtsTextAndTranscriptAreRecordedAndTruncatedToMaxLength() throws Exception {
    try (VoiceKit kit = new VoiceKit("capture-content", "true", "capture-content.max-length", "12")) {
      oneExchange(kit);
      assertEquals(VoiceKit.TTS_TEXT.substring(0, 12), attr(kit.only("text_to_speech"), VoiceAttributes.TTS_TEXT));
      assertEquals(VoiceKit.TRANSCRIPT.substring(0, 12), attr(kit.only("speech_to_text"), VoiceAttributes.STT_TRANSCRIPT));
      SpanData chat = kit.only("chat");
      assertEquals(VoiceKit.TRANSCRIPT.substring(0, 12), attr(chat, VoiceAttributes.INPUT_VALUE));
      assertEquals("Sure, I can ", attr(chat, VoiceAttributes.OUTPUT_VALUE));
      assertEquals("system", attr(chat, AttributeKey.stringKey("llm.input_messages.0.message.role")));
      assertEquals("user", attr(chat, AttributeKey.stringKey("llm.input_messages.1.message.role")));
      assertEquals("assistant", attr(chat, AttributeKey.stringKey("llm.output_messages.0.message.role")));
    }
  }

  @Test
  void onWithTheDefaultLimitTheWholeTextIsKept() throws Exception {
    try (VoiceKit kit = new VoiceKit("otel.instrumentation.genai.capture-message-content", "true")) {
      oneExchange(kit);
      assertEquals(VoiceKit.TTS_TEXT, attr(kit.only("text_to_speech"), VoiceAttributes.TTS_TEXT));
      assertEquals(VoiceKit.TRANSCRIPT, attr(kit.only("speech_to_text"), VoiceAttributes.STT_TRANSCRIPT));
      assertEquals("Sure, I can help \u00e9\uD83D\uDC4B.", attr(kit.only("chat"), VoiceAttributes.OUTPUT_VALUE),
          "multi-byte characters split across SSE chunks arrive whole");
    }
  }

  @Test
  void onOnlyTheLastMessagesAreRecorded() throws Exception {
    try (VoiceKit kit = new VoiceKit("capture-content", "true", "capture-content.max-messages", "1")) {
      oneExchange(kit);
      SpanData chat = kit.only("chat");
      assertEquals("user", attr(chat, AttributeKey.stringKey("llm.input_messages.0.message.role")));
      assertEquals(VoiceKit.TRANSCRIPT, attr(chat, AttributeKey.stringKey("llm.input_messages.0.message.content")));
      assertNull(attr(chat, AttributeKey.stringKey("llm.input_messages.1.message.role")));
    }
  }

  @Test
  void onTheTurnCarriesWhatTheUserSaidAndWhatTheBotSaid() throws Exception {
    try (VoiceKit kit = new VoiceKit("capture-content", "true")) {
      oneExchange(kit);
      SpanData turn = kit.only("voice.turn");
      assertEquals(VoiceKit.TRANSCRIPT, attr(turn, VoiceAttributes.INPUT_VALUE), "CONVENTIONS: turn input.value");
      assertEquals(VoiceKit.TTS_TEXT, attr(turn, VoiceAttributes.OUTPUT_VALUE), "CONVENTIONS: turn output.value");
    }
  }
}
