package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RequestFactsTest {
  private static final ProviderCatalog CATALOG = ProviderCatalog.create("");
  /** The bounds StageCall uses for request bodies. */
  private static final int HEAD = 256 * 1024;
  private static final int TAIL = 4 * 1024;

  private static final String CHAT = "https://api.openai.com/v1/chat/completions";
  private static final String SPEECH = "https://api.openai.com/v1/audio/speech";
  private static final String TRANSCRIBE = "https://api.openai.com/v1/audio/transcriptions";
  private static final String ELEVEN = "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM";

  @Test
  void openAiChatRequest() {
    RequestFacts f = facts(CHAT,
        "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"temperature\":0.7,\"max_tokens\":150,"
            + "\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},{\"role\":\"user\",\"content\":\"Hi\"}]}");
    assertEquals("gpt-4o-mini", f.model);
    assertEquals(Boolean.TRUE, f.streaming);
    assertEquals(0.7, f.temperature);
    assertEquals(150L, f.maxTokens);
    assertEquals(2, f.messages.size());
  }

  @Test
  void maxCompletionTokensWinsOverTheLegacyMaxTokens() {
    assertEquals(300L, facts(CHAT, "{\"model\":\"o4-mini\",\"max_completion_tokens\":300}").maxTokens);
    assertEquals(300L, facts(CHAT, "{\"model\":\"o4-mini\",\"max_completion_tokens\":300,\"max_tokens\":10}").maxTokens);
  }

  @Test
  void aChatRequestWithoutStreamOrSamplingSaysSo() {
    RequestFacts f = facts(CHAT, "{\"model\":\"gpt-4o\",\"messages\":[]}");
    assertEquals(Boolean.FALSE, f.streaming);
    assertNull(f.temperature);
    assertNull(f.maxTokens);
    assertEquals(1.0, facts(CHAT, "{\"temperature\":1}").temperature, "an integer temperature is still a number");
  }

  @Test
  void azureChatModelIsTheDeploymentUnlessTheBodyNamesOne() {
    String azure = "https://acme.openai.azure.com/openai/deployments/prod-gpt4o/chat/completions?api-version=2024-10-21";
    assertEquals("prod-gpt4o", RequestFacts.fromUrl(CATALOG.classify("POST", azure)).model);
    assertEquals("prod-gpt4o", facts(azure, "{\"messages\":[]}").model);
    assertEquals("gpt-4o", facts(azure, "{\"model\":\"gpt-4o\"}").model);
  }

  @Test
  void elevenLabsRequest() {
    RequestFacts f = facts(ELEVEN + "/stream?output_format=ulaw_8000",
        "{\"text\":\"Hello, how can I help?\",\"model_id\":\"eleven_flash_v2_5\",\"voice_settings\":{\"stability\":0.5}}");
    assertEquals("eleven_flash_v2_5", f.model);
    assertEquals("21m00Tcm4TlvDq8ikWAM", f.voice);
    assertEquals(22L, f.characters);
    assertEquals("ulaw_8000", f.audioFormat);
    assertEquals(Boolean.TRUE, f.streaming);
    assertEquals("Hello, how can I help?", f.text);
  }

  @Test
  void elevenLabsCharactersAreCodePointsSoEmojiCountOnce() {
    String text = "Hi \uD83D\uDC4B there \uD83D\uDE00"; // 2 emoji, each two UTF-16 chars
    assertEquals(14, text.length());
    RequestFacts f = facts(ELEVEN, "{\"text\":\"" + text + "\",\"model_id\":\"eleven_turbo_v2_5\"}");
    assertEquals(12L, f.characters);
    RequestFacts escaped = facts(ELEVEN, "{\"text\":\"Hi \\ud83d\\udc4b\",\"model_id\":\"m\"}");
    assertEquals(4L, escaped.characters);
  }

  @Test
  void elevenLabsOutputFormatDefaultsAndVoiceComesFromThePath() {
    RequestFacts f = RequestFacts.fromUrl(CATALOG.classify("POST", ELEVEN));
    assertEquals("mp3_44100_128", f.audioFormat);
    assertEquals("21m00Tcm4TlvDq8ikWAM", f.voice);
    assertEquals(Boolean.FALSE, f.streaming);
    assertNull(f.model, "the model is in the body, not the URL");
    RequestFacts ts = RequestFacts.fromUrl(CATALOG.classify("POST", ELEVEN + "/with-timestamps"));
    assertEquals(Boolean.FALSE, ts.streaming);
    RequestFacts sts = RequestFacts.fromUrl(CATALOG.classify("POST", ELEVEN + "/stream/with-timestamps"));
    assertEquals(Boolean.TRUE, sts.streaming);
    assertEquals("mp3_44100_128", facts(ELEVEN + "/stream", "{\"text\":\"x\",\"model_id\":\"m\"}").audioFormat);
  }

  @Test
  void openAiSpeechRequest() {
    RequestFacts f = facts(SPEECH,
        "{\"model\":\"gpt-4o-mini-tts\",\"voice\":\"alloy\",\"input\":\"Hello world\",\"response_format\":\"pcm\"}");
    assertEquals("gpt-4o-mini-tts", f.model);
    assertEquals("alloy", f.voice);
    assertEquals(11L, f.characters);
    assertEquals("pcm", f.audioFormat);
    assertEquals(Boolean.FALSE, f.streaming);
    assertEquals("Hello world", f.text);
    RequestFacts defaults = facts(SPEECH, "{\"model\":\"tts-1\",\"voice\":\"nova\",\"input\":\"\\u00e9t\\u00e9\"}");
    assertEquals("mp3", defaults.audioFormat);
    assertEquals(3L, defaults.characters);
    assertEquals(Boolean.TRUE,
        facts(SPEECH, "{\"model\":\"gpt-4o-mini-tts\",\"voice\":\"a\",\"input\":\"x\",\"stream_format\":\"sse\"}").streaming);
  }

  @Test
  void deepgramModelFormatAndLanguageComeFromTheQuery() {
    RequestFacts speak = facts("https://api.deepgram.com/v1/speak?model=aura-2-thalia-en&encoding=mulaw&sample_rate=8000",
        "{\"text\":\"Good morning\"}");
    assertEquals("aura-2-thalia-en", speak.model);
    assertEquals("mulaw_8000", speak.audioFormat);
    assertEquals(12L, speak.characters);
    RequestFacts listen = RequestFacts.fromUrl(
        CATALOG.classify("POST", "https://api.deepgram.com/v1/listen?model=nova-3&language=en-US&encoding=linear16"));
    assertEquals("nova-3", listen.model);
    assertEquals("en-US", listen.language);
    assertEquals("linear16", listen.audioFormat);
    RequestFacts none = RequestFacts.fromUrl(CATALOG.classify("POST", "https://api.deepgram.com/v1/listen"));
    assertNull(none.model);
    assertNull(none.audioFormat);
  }

  @Test
  void deepgramListenWithAudioBodyKeepsTheQueryFacts() {
    RequestFacts f = facts("https://api.deepgram.com/v1/listen?model=nova-3", new byte[] {0x52, 0x49, 0x46, 0x46, 0, 1, 2});
    assertEquals("nova-3", f.model);
    assertNull(f.characters);
  }

  @Test
  void transcriptionModelAfterALargeAudioPartIsFoundInTheTail() throws Exception {
    String boundary = "----voicetrace7MA4YWxkTrZu0gW";
    byte[] audio = new byte[1024 * 1024];
    new Random(42).nextBytes(audio);
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    write(body, "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n");
    body.write(audio);
    write(body, "\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-transcribe\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"
        + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\ntrue\r\n"
        + "--" + boundary + "--\r\n");
    byte[] bytes = body.toByteArray();

    BodyCapture capture = new BodyCapture(HEAD, TAIL);
    for (int i = 0; i < bytes.length; i += 8192) { // the way a client writes it
      capture.add(bytes, i, Math.min(8192, bytes.length - i));
    }
    assertEquals(bytes.length, capture.total());
    assertFalse(capture.complete());

    ProviderMatch match = CATALOG.classify("POST", TRANSCRIBE);
    RequestFacts f = RequestFacts.fromUrl(match);
    f.readBody(match, capture);
    assertEquals("gpt-4o-transcribe", f.model);
    assertEquals("en", f.language);
    assertEquals(Boolean.TRUE, f.streaming);
  }

  @Test
  void transcriptionFieldsBeforeTheAudioAreFoundInTheHead() {
    String b = "xyz";
    String text = "--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\nwhisper-1\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\nContent-Type: audio/wav\r\n\r\n"
        + "RIFF....WAVE\r\n--" + b + "--\r\n";
    RequestFacts f = facts(TRANSCRIBE, text);
    assertEquals("whisper-1", f.model);
    assertNull(f.language);
    assertNull(f.streaming);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://api.openai.com/v1/chat/completions",
    "https://api.openai.com/v1/audio/speech",
    "https://api.openai.com/v1/audio/transcriptions",
    "https://api.elevenlabs.io/v1/text-to-speech/v1/stream",
    "https://api.deepgram.com/v1/speak",
    "https://api.cartesia.ai/tts/bytes",
  })
  void malformedBodiesGiveNullsAndNeverThrow(String url) {
    byte[] random = new byte[64 * 1024];
    new Random(7).nextBytes(random);
    String[] texts = {"{\"model\":", "not json", "[1,2,3]", "{\"model\":42,\"text\":true,\"model_id\":[],\"input\":{}}",
        "\"string\"", "name=\"model\"\r\n\r\n", "{\"a\":" + "[".repeat(10_000)};
    for (String t : texts) {
      RequestFacts f = facts(url, t);
      assertNull(f.model, t);
      assertNull(f.characters, t);
      assertNull(f.temperature, t);
      assertNull(f.maxTokens, t);
      assertNull(f.text, t);
    }
    RequestFacts binary = facts(url, random);
    assertNull(binary.model);
    assertNull(binary.characters);
    RequestFacts empty = facts(url, new byte[0]);
    assertNull(empty.model);
  }

  @Test
  void aNullBodyAddsNothing() {
    ProviderMatch match = CATALOG.classify("POST", CHAT);
    RequestFacts f = RequestFacts.fromUrl(match);
    f.readBody(match, null);
    assertNull(f.model);
    assertNull(f.streaming);
  }

  private static RequestFacts facts(String url, String body) {
    return facts(url, body.getBytes(StandardCharsets.UTF_8));
  }

  private static RequestFacts facts(String url, byte[] body) {
    ProviderMatch match = CATALOG.classify("POST", url);
    RequestFacts f = RequestFacts.fromUrl(match);
    BodyCapture capture = new BodyCapture(HEAD, TAIL);
    capture.add(body, 0, body.length);
    f.readBody(match, capture);
    return f;
  }

  private static void write(ByteArrayOutputStream out, String s) {
    byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
    out.write(b, 0, b.length);
  }
}
