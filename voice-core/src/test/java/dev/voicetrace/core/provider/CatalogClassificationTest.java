package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class CatalogClassificationTest {
  private final ProviderCatalog catalog = ProviderCatalog.create("");

  @Test
  void classifiesByMethodAndPathEndWhateverTheHost() {
    ProviderMatch tts = catalog.classify("POST",
        "http://127.0.0.1:9/gateway/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=ulaw_8000");
    assertEquals(Operation.TEXT_TO_SPEECH, tts.route.operation());
    assertEquals("elevenlabs", tts.provider);
    assertEquals("21m00Tcm4TlvDq8ikWAM", tts.pathParams.get("voice"));
    assertEquals("ulaw_8000", tts.queryParam("output_format"));
    assertEquals(9, tts.port);

    assertEquals(Operation.CHAT, catalog.classify("POST", "https://api.openai.com/v1/chat/completions").route.operation());
    assertEquals(Operation.SPEECH_TO_TEXT,
        catalog.classify("POST", "http://x/v1/audio/transcriptions").route.operation());
    assertEquals("deepgram", catalog.classify("POST", "https://api.deepgram.com/v1/speak?model=aura-2").provider);
  }

  @Test
  void theLongerPatternWinsAzureSpeechToTextOverTextToSpeech() {
    ProviderMatch stt = catalog.classify("POST",
        "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US");
    assertEquals(Operation.SPEECH_TO_TEXT, stt.route.operation());
    ProviderMatch tts = catalog.classify("POST", "https://westus.tts.speech.microsoft.com/cognitiveservices/v1");
    assertEquals(Operation.TEXT_TO_SPEECH, tts.route.operation());
    assertEquals("azure.speech", tts.provider);
  }

  @Test
  void namesOpenAiCompatibleProvidersFromTheHost() {
    assertEquals("groq", catalog.classify("POST", "https://api.groq.com/openai/v1/chat/completions").provider);
    assertEquals("openrouter", catalog.classify("POST", "https://openrouter.ai/api/v1/chat/completions").provider);
    assertEquals("openai", catalog.classify("POST", "http://localhost:11434/v1/chat/completions").provider);
    assertEquals("azure.ai.openai",
        catalog.classify("POST", "https://acme.openai.azure.com/openai/deployments/gpt4o/chat/completions").provider);
  }

  @Test
  void otherRequestsAreNotProviderCalls() {
    assertNull(catalog.classify("GET", "https://api.openai.com/v1/chat/completions"));
    assertNull(catalog.classify("POST", "https://api.openai.com/v1/models"));
    assertNull(catalog.classify("POST", "not a url at all %%%"));
    assertNull(catalog.classify(null, null));
  }

  @Test
  void userEntriesWinAndABadEntryIsSkippedWithOneWarning() {
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    ProviderCatalog custom;
    try {
      custom = ProviderCatalog.create("tts:acme=POST /v2/voices/{voice}/speak;nonsense;stt:acme=POST /v1/audio/transcriptions");
    } finally {
      System.setErr(original);
    }
    ProviderMatch speak = custom.classify("POST", "https://speech.internal/v2/voices/anna/speak");
    assertEquals("acme", speak.provider);
    assertEquals("anna", speak.pathParams.get("voice"));
    assertEquals("acme", custom.classify("POST", "https://api.openai.com/v1/audio/transcriptions").provider);
    String warnings = err.toString(StandardCharsets.UTF_8);
    assertEquals(1, warnings.lines().count(), warnings);
    assertEquals(true, warnings.contains("'nonsense'"), warnings);
  }
}
