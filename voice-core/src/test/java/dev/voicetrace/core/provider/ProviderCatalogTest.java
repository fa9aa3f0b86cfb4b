package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ProviderCatalogTest {
  private static final ProviderCatalog BUILT_IN = ProviderCatalog.create("");

  /** Every built-in route, as a provider's real endpoint and through a gateway prefix on another host. */
  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "https://api.openai.com/v1/chat/completions, CHAT, openai, OPENAI_CHAT",
    "https://api.openai.com/v1/audio/speech, TEXT_TO_SPEECH, openai, OPENAI_SPEECH",
    "https://api.openai.com/v1/audio/transcriptions, SPEECH_TO_TEXT, openai, OPENAI_TRANSCRIPTION",
    "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions?api-version=2024-10-21, CHAT, azure.ai.openai, OPENAI_CHAT",
    "https://acme.openai.azure.com/openai/deployments/tts-hd/audio/speech?api-version=2025-03-01-preview, TEXT_TO_SPEECH, azure.ai.openai, OPENAI_SPEECH",
    "https://acme.openai.azure.com/openai/deployments/whisper/audio/transcriptions?api-version=2024-06-01, SPEECH_TO_TEXT, azure.ai.openai, OPENAI_TRANSCRIPTION",
    "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM, TEXT_TO_SPEECH, elevenlabs, ELEVENLABS_TTS",
    "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream, TEXT_TO_SPEECH, elevenlabs, ELEVENLABS_TTS",
    "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps, TEXT_TO_SPEECH, elevenlabs, ELEVENLABS_TTS",
    "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream/with-timestamps, TEXT_TO_SPEECH, elevenlabs, ELEVENLABS_TTS",
    "https://api.deepgram.com/v1/speak?model=aura-2-thalia-en, TEXT_TO_SPEECH, deepgram, DEEPGRAM",
    "https://api.deepgram.com/v1/listen?model=nova-3, SPEECH_TO_TEXT, deepgram, DEEPGRAM",
    "https://api.cartesia.ai/tts/bytes, TEXT_TO_SPEECH, cartesia, CARTESIA_TTS",
    "https://api.cartesia.ai/tts/sse, TEXT_TO_SPEECH, cartesia, CARTESIA_TTS",
    "https://westus.tts.speech.microsoft.com/cognitiveservices/v1, TEXT_TO_SPEECH, azure.speech, AZURE_TTS",
    "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US, SPEECH_TO_TEXT, azure.speech, AZURE_STT",
    "https://texttospeech.googleapis.com/v1/text:synthesize, TEXT_TO_SPEECH, gcp.texttospeech, GOOGLE_TTS",
    "https://speech.googleapis.com/v1/speech:recognize, SPEECH_TO_TEXT, gcp.speech, GOOGLE_STT",
    "https://polly.us-east-1.amazonaws.com/v1/speech, TEXT_TO_SPEECH, aws.polly, POLLY_TTS",
  })
  void classifiesEveryBuiltInRoute(String url, Operation operation, String provider, BodyDialect dialect) {
    ProviderMatch m = BUILT_IN.classify("POST", url);
    assertNotNull(m, url);
    assertEquals(operation, m.route.operation(), url);
    assertEquals(provider, m.provider, url);
    assertEquals(dialect, m.route.dialect(), url);

    String gatewayed = "http://gateway.internal:8080/proxy/team-a" + url.substring(url.indexOf('/', 8));
    ProviderMatch g = BUILT_IN.classify("post", gatewayed);
    assertNotNull(g, gatewayed);
    assertEquals(operation, g.route.operation(), gatewayed);
    assertEquals(dialect, g.route.dialect(), gatewayed);
    assertEquals("gateway.internal", g.host);
    assertEquals(8080, g.port);
  }

  @Test
  void gatewayPrefixesDoNotMatter() {
    ProviderMatch m = BUILT_IN.classify("POST", "http://127.0.0.1:4000/proxy/v1/chat/completions");
    assertEquals(Operation.CHAT, m.route.operation());
    assertEquals("openai", m.provider);
    assertEquals("127.0.0.1", m.host);
    assertEquals(4000, m.port);
  }

  @Test
  void defaultPortsFollowTheScheme() {
    assertEquals(443, BUILT_IN.classify("POST", "https://api.openai.com/v1/chat/completions").port);
    assertEquals(80, BUILT_IN.classify("POST", "http://fake/v1/chat/completions").port);
  }

  @Test
  void azureSpeechToTextWinsOverTheShorterTextToSpeechPath() {
    ProviderMatch stt = BUILT_IN.classify("POST",
        "https://eastus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US&format=detailed");
    assertEquals(Operation.SPEECH_TO_TEXT, stt.route.operation());
    assertEquals("azure.speech", stt.provider);
    assertEquals("en-US", stt.queryParam("language"));
    ProviderMatch tts = BUILT_IN.classify("POST", "https://eastus.tts.speech.microsoft.com/cognitiveservices/v1");
    assertEquals(Operation.TEXT_TO_SPEECH, tts.route.operation());
  }

  @Test
  void elevenLabsCapturesTheVoiceAndTheOutputFormatQuery() {
    for (String suffix : new String[] {"", "/stream", "/with-timestamps", "/stream/with-timestamps"}) {
      ProviderMatch m = BUILT_IN.classify("POST",
          "https://api.elevenlabs.io/v1/text-to-speech/pNInz6obpgDQGcFmaJgB" + suffix
              + "?output_format=pcm_16000&optimize_streaming_latency=3");
      assertEquals("pNInz6obpgDQGcFmaJgB", m.pathParams.get("voice"), suffix);
      assertEquals("pcm_16000", m.queryParam("output_format"), suffix);
      assertEquals("3", m.queryParam("optimize_streaming_latency"), suffix);
      assertNull(m.queryParam("absent"), suffix);
    }
  }

  @Test
  void queryParametersAreDecoded() {
    ProviderMatch m = BUILT_IN.classify("POST", "https://api.deepgram.com/v1/listen?keywords=hello%20world&flag&model=nova-3");
    assertEquals("hello world", m.queryParam("keywords"));
    assertEquals("", m.queryParam("flag"));
    assertEquals("nova-3", m.queryParam("model"));
    assertNull(BUILT_IN.classify("POST", "https://api.deepgram.com/v1/listen").queryParam("model"));
  }

  @Test
  void azureDeploymentIsCaptured() {
    ProviderMatch m = BUILT_IN.classify("POST",
        "https://acme.openai.azure.com/openai/deployments/my-gpt4o/chat/completions?api-version=2024-10-21");
    assertEquals("my-gpt4o", m.pathParams.get("deployment"));
  }

  @ParameterizedTest
  @CsvSource({
    "https://api.groq.com/openai/v1/chat/completions, groq",
    "https://openrouter.ai/api/v1/chat/completions, openrouter",
    "https://api.together.xyz/v1/chat/completions, together_ai",
    "https://api.deepseek.com/v1/chat/completions, deepseek",
    "https://api.mistral.ai/v1/chat/completions, mistral_ai",
    "https://api.x.ai/v1/chat/completions, x_ai",
    "https://api.fireworks.ai/inference/v1/chat/completions, fireworks",
    "https://acme.openai.azure.com/openai/v1/chat/completions, azure.ai.openai",
    "http://localhost:11434/v1/chat/completions, ollama",
    "http://ollama:11434/v1/chat/completions, ollama",
    "https://ollama.com/v1/chat/completions, ollama",
    "http://localhost:11435/v1/chat/completions, openai",
    "http://127.0.0.1:8080/v1/chat/completions, openai",
    "https://api.openai.com/v1/chat/completions, openai",
  })
  void namesOpenAiCompatibleChatProvidersFromTheHost(String url, String provider) {
    assertEquals(provider, BUILT_IN.classify("POST", url).provider);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://api.box.ai/v1/chat/completions", // ends with "x.ai" but is not x.ai
    "https://llm.notgroq.com/v1/chat/completions", // ends with "groq.com" but is not groq.com
  })
  void theHostNamesAProviderOnlyOnADomainBoundary(String url) {
    assertEquals("openai", BUILT_IN.classify("POST", url).provider, url);
  }

  @Test
  void theHostNamesOnlyChatProvidersNeverSpeechRoutes() {
    assertEquals("deepgram", BUILT_IN.classify("POST", "https://api.groq.com/v1/speak").provider);
    assertEquals("elevenlabs", BUILT_IN.classify("POST", "https://openrouter.ai/v1/text-to-speech/v").provider);
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://api.openai.com/v1/models",
    "https://api.openai.com/v1/embeddings",
    "https://api.openai.com/v1/chat/completions/extra",
    "https://api.openai.com/v1/chat",
    "https://api.openai.com/",
    "https://api.openai.com",
    "https://api.elevenlabs.io/v1/text-to-speech",
    "https://api.elevenlabs.io/v1/text-to-speech/",
    "https://api.elevenlabs.io/v1/text-to-speech//stream",
    "https://api.elevenlabs.io/v1/voices",
    "https://api.deepgram.com/v2/speak",
    "https://example.com/index.html",
    "http://127.0.0.1:1/health",
    "not a url at all %%%",
    "",
    "mailto:someone@example.com"
  })
  void unknownPathsAreNotProviderCalls(String url) {
    assertNull(BUILT_IN.classify("POST", url), url);
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "PUT", "DELETE", "HEAD", "OPTIONS", "PATCH"})
  void theWrongMethodIsNotAProviderCall(String method) {
    assertNull(BUILT_IN.classify(method, "https://api.openai.com/v1/chat/completions"));
    assertNull(BUILT_IN.classify(method, "https://api.elevenlabs.io/v1/text-to-speech/v/stream"));
    assertNull(BUILT_IN.classify(method, "https://api.deepgram.com/v1/listen"));
  }

  @Test
  void nullsAreNotProviderCalls() {
    assertNull(BUILT_IN.classify(null, "https://api.openai.com/v1/chat/completions"));
    assertNull(BUILT_IN.classify("POST", null));
  }

  @Test
  void userEntriesAddProviders() {
    ProviderCatalog c = quietly(() -> ProviderCatalog.create("tts:acme=POST /v2/speak;stt:acme=POST /v2/listen"));
    ProviderMatch speak = c.classify("POST", "https://speech.acme.example/v2/speak?voice=anna");
    assertEquals(Operation.TEXT_TO_SPEECH, speak.route.operation());
    assertEquals("acme", speak.provider);
    assertEquals(BodyDialect.GENERIC, speak.route.dialect());
    ProviderMatch listen = c.classify("POST", "https://speech.acme.example/base/v2/listen");
    assertEquals(Operation.SPEECH_TO_TEXT, listen.route.operation());
    assertEquals("acme", listen.provider);
    assertNull(c.classify("GET", "https://speech.acme.example/v2/speak"));
    // the built-ins are still there
    assertEquals("openai", c.classify("POST", "https://api.openai.com/v1/chat/completions").provider);
    assertNull(BUILT_IN.classify("POST", "https://speech.acme.example/v2/speak"));
  }

  @Test
  void userEntriesWinOverBuiltInOnes() {
    ProviderCatalog c = quietly(() ->
        ProviderCatalog.create("tts:acme=POST /v1/speak ; chat:acme-llm=POST /v1/chat/completions"));
    ProviderMatch speak = c.classify("POST", "https://api.deepgram.com/v1/speak?model=aura-2");
    assertEquals("acme", speak.provider);
    assertEquals(BodyDialect.GENERIC, speak.route.dialect());
    ProviderMatch chat = c.classify("POST", "https://api.groq.com/openai/v1/chat/completions");
    assertEquals("acme-llm", chat.provider, "a user's chat entry names its provider, whatever the host");
    assertEquals(Operation.CHAT, chat.route.operation());
    assertEquals(BodyDialect.OPENAI_CHAT, chat.route.dialect());
  }

  @Test
  void userEntriesAcceptAliasesCaseSegmentCapturesAndWildcards() {
    ProviderCatalog c = quietly(() -> ProviderCatalog.create(
        "text_to_speech:ACME=post /v3/voices/{voice}/speak\nasr:acme=POST /v3/*/listen\nllm:local=POST /generate"));
    ProviderMatch speak = c.classify("POST", "http://x/v3/voices/anna/speak");
    assertEquals("acme", speak.provider);
    assertEquals("anna", speak.pathParams.get("voice"));
    assertEquals(Operation.SPEECH_TO_TEXT, c.classify("POST", "http://x/v3/eu-1/listen").route.operation());
    assertNull(c.classify("POST", "http://x/v3/listen"), "* stands for exactly one segment");
    assertEquals(Operation.CHAT, c.classify("POST", "http://x/generate").route.operation());
  }

  @Test
  void aMatchCarriesOnlyItsOwnRoutesCapturesNotThoseOfARouteTriedBefore() {
    ProviderCatalog c = quietly(() -> ProviderCatalog.create(
        "tts:acme=POST /v9/{voice}/speak;stt:acme=POST /v9/{model}/listen"));
    ProviderMatch listen = c.classify("POST", "http://x/v9/m1/listen");
    assertEquals(Operation.SPEECH_TO_TEXT, listen.route.operation());
    assertEquals(java.util.Map.of("model", "m1"), listen.pathParams, "the speak route captured {voice} and failed");
    assertEquals(java.util.Map.of("voice", "v1"), c.classify("POST", "http://x/v9/v1/speak").pathParams);
  }

  @Test
  void aMalformedEntryIsSkippedWithOneWarningAndTheRestStillWork() {
    String spec = "tts:acme=POST /v2/speak;broken entry;stt:acme=POST /v2/listen";
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProviderCatalog c = withErr(err, () -> ProviderCatalog.create(spec));
    assertEquals("acme", c.classify("POST", "http://x/v2/speak").provider);
    assertEquals("acme", c.classify("POST", "http://x/v2/listen").provider);
    List<String> lines = lines(err);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains("'broken entry'"), lines.get(0));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "tts:acme=POST v2/speak", // no leading slash
    "xyz:acme=POST /v2/speak", // unknown operation
    "tts:=POST /v2/speak", // no provider
    "tts:acme=/v2/speak", // no method
    "tts:acme=POST /v2/speak extra", // three words
    "acme=POST /v2/speak", // no operation
    "tts:acme POST /v2/speak", // no '='
  })
  void eachKindOfMalformedEntryIsSkippedWithAWarningNamingIt(String bad) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProviderCatalog c = withErr(err, () -> ProviderCatalog.create(bad + ";stt:acme=POST /v2/listen"));
    assertEquals("acme", c.classify("POST", "http://x/v2/listen").provider);
    assertNull(c.classify("POST", "http://x/v2/speak"));
    List<String> lines = lines(err);
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(bad), lines.get(0));
  }

  @Test
  void blankEntriesAndCommentsAreIgnoredSilently() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    ProviderCatalog c = withErr(err, () -> ProviderCatalog.create(";;  \n# a comment\ntts:acme=POST /v2/speak;"));
    assertEquals("acme", c.classify("POST", "http://x/v2/speak").provider);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
    ByteArrayOutputStream err2 = new ByteArrayOutputStream();
    withErr(err2, () -> ProviderCatalog.create(null));
    assertEquals("", err2.toString(StandardCharsets.UTF_8));
  }

  private static List<String> lines(ByteArrayOutputStream err) {
    return err.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
  }

  private static <T> T quietly(Supplier<T> action) {
    return withErr(new ByteArrayOutputStream(), action);
  }

  private static <T> T withErr(ByteArrayOutputStream sink, Supplier<T> action) {
    PrintStream original = System.err;
    System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
    try {
      return action.get();
    } finally {
      System.setErr(original);
    }
  }
}
