package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.VendorCalls;
import dev.voicetrace.smoke.harness.ReceivedSpan;

/**
 * What the stage span of each {@link VendorCalls} request must say, read from that vendor's request and
 * response on the fake provider server: model, voice, characters, format and the audio bytes the app
 * got for TTS; language, duration, confidence and the transcript the app read (content capture on) for
 * STT; model, usage and finish reason for the chat. One place, whichever client sent the request.
 */
final class VendorExpectations {
  private static final long CHARACTERS = VendorCalls.TEXT.length();

  private VendorExpectations() {}

  /** Checks {@code s}, the one stage span of {@code scenario}, against what the app saw: its audio bytes and text. */
  static void check(String scenario, ReceivedSpan s, String where, long appAudio, String appText) {
    switch (scenario) {
      case "elevenLabsStream" -> {
        tts(s, where, "elevenlabs", "eleven_flash_v2_5", "voice-matrix", "ulaw_8000", appAudio);
        assertEquals(Boolean.TRUE, s.boolAttr("voice.tts.streaming"), where);
      }
      case "elevenLabsTimestamps", "elevenLabsStreamTimestamps" -> {
        tts(s, where, "elevenlabs", "eleven_flash_v2_5", "voice-matrix", "ulaw_8000", appAudio);
        assertEquals(scenario.contains("Stream"), s.boolAttr("voice.tts.streaming"), where);
      }
      case "deepgramSpeak" -> {
        tts(s, where, "deepgram", "aura-2-thalia-en", null, "mulaw_8000", appAudio);
        assertNotNull(s.stringAttr("voice.provider.request_id"), "x-dg-request-id\n" + where);
      }
      case "azureOpenAiSpeech" -> {
        tts(s, where, "azure.ai.openai", "my-tts", "coral", "pcm", appAudio);
        assertEquals("my-tts", s.stringAttr("gen_ai.request.model"), "the deployment names the model\n" + where);
      }
      case "cartesiaBytes" -> tts(s, where, "cartesia", "sonic-2", "a0e99841-438c-4a64-b679-ae501e7d6091",
          "pcm_s16le_16000", appAudio);
      case "cartesiaSse" -> {
        tts(s, where, "cartesia", "sonic-2", "a0e99841-438c-4a64-b679-ae501e7d6091", "pcm_mulaw_8000", appAudio);
        assertEquals(Boolean.TRUE, s.boolAttr("voice.tts.streaming"), where);
      }
      case "azureTts" -> {
        tts(s, where, "azure.speech", null, "en-US-AvaNeural", "raw-8khz-8bit-mono-mulaw", appAudio);
        assertNotNull(s.stringAttr("voice.provider.request_id"), "X-RequestId\n" + where);
        assertEquals(VendorCalls.TEXT, s.stringAttr("voice.tts.text"), "the SSML's spoken text\n" + where);
      }
      case "googleTts" -> tts(s, where, "gcp.texttospeech", null, "en-US-Chirp3-HD-Charon", "linear16_16000", appAudio);
      case "polly" -> {
        tts(s, where, "aws.polly", "neural", "Joanna", "pcm_16000", appAudio);
        assertNotNull(s.stringAttr("voice.provider.request_id"), "x-amzn-RequestId\n" + where);
      }
      case "openAiSpeech" -> tts(s, where, "openai", "gpt-4o-mini-tts", "coral", "pcm", appAudio);
      case "openAiSpeechSse" -> {
        tts(s, where, "openai", "gpt-4o-mini-tts", "coral", "pcm", appAudio);
        assertTrue(s.longAttr("gen_ai.usage.output_tokens") > 0, "usage of speech.audio.done\n" + where);
      }
      case "azureStt" -> stt(s, where, "azure.speech", null, "en-US", 1.5, 0.9312, appText);
      case "googleStt" -> stt(s, where, "gcp.speech", "latest_short", "en-US", 2.0, 0.8, appText);
      case "deepgramListen" -> {
        stt(s, where, "deepgram", "nova-3", "en", 1.5, 0.98, appText);
        assertNotNull(s.stringAttr("voice.provider.request_id"), where);
      }
      case "azureOpenAiTranscription" -> {
        stt(s, where, "azure.ai.openai", "my-whisper", null, null, null, appText);
        assertEquals(VendorCalls.UTTERANCE_BYTES / 1600, s.longAttr("gen_ai.usage.input_tokens"), where);
      }
      case "openAiTranscription", "openAiTranscriptionStream" -> {
        stt(s, where, "openai", "gpt-4o-mini-transcribe", null, null, null, appText);
        assertEquals(VendorCalls.UTTERANCE_BYTES / 1600, s.longAttr("gen_ai.usage.input_tokens"),
            "usage the fake reports (one token per 1600 audio bytes)\n" + where);
      }
      case "azureOpenAiChat" -> {
        assertEquals("chat my-chat", s.name(), "the deployment names the model\n" + where);
        assertEquals("azure.ai.openai", s.stringAttr("gen_ai.provider.name"), where);
        assertEquals(Boolean.TRUE, s.boolAttr("gen_ai.request.stream"), where);
        Long output = s.longAttr("gen_ai.usage.output_tokens");
        assertTrue(output != null && output > 0, "usage from the stream's last chunk\n" + where);
        assertNotNull(s.attr("gen_ai.response.finish_reasons"), where);
        assertTrue(!appText.isEmpty(), "the app read the reply\n" + where);
      }
      default -> throw new AssertionError("no expectations for " + scenario);
    }
  }

  private static void tts(ReceivedSpan s, String where, String provider, String model, String voice, String format,
      long appAudioBytes) {
    assertEquals(model == null ? "text_to_speech" : "text_to_speech " + model, s.name(), where);
    assertEquals(provider, s.stringAttr("gen_ai.provider.name"), where);
    assertEquals(voice, s.stringAttr("gen_ai.speech.voice"), where);
    assertEquals(CHARACTERS, s.longAttr("voice.tts.characters"), where);
    assertEquals(format, s.stringAttr("voice.tts.audio_format"), where);
    assertTrue(appAudioBytes > 0, where);
    assertEquals(appAudioBytes, s.longAttr("voice.tts.audio_bytes"), "audio bytes == what the app got\n" + where);
    assertNotNull(s.doubleAttr("voice.ttfb"), where);
  }

  private static void stt(ReceivedSpan s, String where, String provider, String model, String language,
      Double duration, Double confidence, String appText) {
    assertEquals(model == null ? "speech_to_text" : "speech_to_text " + model, s.name(), where);
    assertEquals(provider, s.stringAttr("gen_ai.provider.name"), where);
    assertEquals(language, s.stringAttr("gen_ai.speech.input.language"), where);
    assertEquals(duration, s.doubleAttr("voice.stt.audio_duration"), where);
    assertEquals(confidence, s.doubleAttr("voice.stt.confidence"), where);
    assertTrue(!appText.isEmpty(), where);
    assertEquals(appText, s.stringAttr("voice.stt.transcript"), "the transcript the app read\n" + where);
  }
}
