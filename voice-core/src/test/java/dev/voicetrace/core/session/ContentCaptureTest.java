package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.Base64;
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

  /**
   * A spoken exchange with an audio model: the caller's audio goes up as an {@code input_audio} part next to
   * a text part, and the answer comes back as base64 audio with its transcript, a JSON body far larger than
   * the part of it kept for parsing. The text part and the transcript are recorded, the base64 never; the
   * usage at the body's end (after the audio) is read all the same.
   */
  @Test
  void aSpokenExchangeRecordsTextPartsAndTheTranscriptButNeverTheAudio() throws Exception {
    String audioIn = Base64.getEncoder().encodeToString(new byte[48_000]);
    String audioOut = Base64.getEncoder().encodeToString(new byte[400_000]);
    String request = "{\"model\":\"gpt-4o-audio-preview\",\"modalities\":[\"text\",\"audio\"],"
        + "\"audio\":{\"voice\":\"alloy\",\"format\":\"wav\"},\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"What did I just say?\"},"
        + "{\"type\":\"input_audio\",\"input_audio\":{\"data\":\"" + audioIn + "\",\"format\":\"wav\"}}]}]}";
    String response = "{\"id\":\"chatcmpl-audio1\",\"object\":\"chat.completion\",\"model\":\"gpt-4o-audio-preview-2025-06-03\","
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"refusal\":null,"
        + "\"audio\":{\"id\":\"audio_1\",\"data\":\"" + audioOut + "\",\"expires_at\":1,\"transcript\":\"You asked about your order.\"}},"
        + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":180,\"completion_tokens\":95,\"total_tokens\":275,"
        + "\"prompt_tokens_details\":{\"cached_tokens\":64,\"audio_tokens\":150},"
        + "\"completion_tokens_details\":{\"audio_tokens\":88}}}";
    try (VoiceKit kit = new VoiceKit("capture-content", "true")) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.CHAT_URL);
      VoiceKit.exchange(call, request, response, 16_384, "content-type", "application/json");
      kit.runtime.connectionClosed(conn);

      SpanData chat = kit.only("chat");
      assertEquals("What did I just say?", attr(chat, AttributeKey.stringKey("llm.input_messages.1.message.content")),
          "the text part of a message of parts");
      assertEquals("What did I just say?", attr(chat, VoiceAttributes.INPUT_VALUE));
      assertEquals("You asked about your order.", attr(chat, VoiceAttributes.OUTPUT_VALUE), "the audio's transcript");
      assertEquals("chatcmpl-audio1", attr(chat, AttributeKey.stringKey("gen_ai.response.id")));
      assertEquals("gpt-4o-audio-preview-2025-06-03", attr(chat, AttributeKey.stringKey("gen_ai.response.model")));
      assertEquals(180L, attr(chat, AttributeKey.longKey("gen_ai.usage.input_tokens")), "usage after the audio");
      assertEquals(95L, attr(chat, AttributeKey.longKey("gen_ai.usage.output_tokens")));
      assertEquals(64L, attr(chat, AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")));
      assertEquals(150L, attr(chat, AttributeKey.longKey("gen_ai.usage.audio.input_tokens")));
      assertEquals(88L, attr(chat, AttributeKey.longKey("gen_ai.usage.audio.output_tokens")));
      for (SpanData s : kit.spans()) {
        s.getAttributes().forEach((key, value) -> assertTrue(!String.valueOf(value).contains("AAAAAAAAAAAAAAAA"),
            s.getName() + " records base64 audio in " + key.getKey()));
      }
    }
  }
}
