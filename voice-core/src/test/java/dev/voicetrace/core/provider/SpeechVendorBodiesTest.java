package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The speech vendors' body readers on edge cases and garbage: nothing throws, nothing is made up. */
class SpeechVendorBodiesTest {
  private static final ProviderCatalog CATALOG = ProviderCatalog.create("");

  private static final String[] GARBAGE = {
    "", "{", "{\"model_id\":", "not json", "[1,2,3]", "null", "\"string\"",
    "{\"model_id\":42,\"transcript\":true,\"voice\":\"x\",\"output_format\":[],\"Text\":{},\"input\":7,\"config\":3}",
    "{\"a\":" + repeat("[", 10_000), "<speak", "<speak>", "<speak><voice name=", "<speak>&amp", "&#xFFFFFFFFF;",
    "\uFFFD\uFFFD\u0000\u0001", repeat("<voice ", 20_000), repeat("&", 100_000), repeat("<speak>&#", 12_000),
    repeat("<!--", 25_000), repeat("\"config\":", 12_000), repeat("\"audioContent\":\"", 7_000),
    "{\"results\":[{\"alternatives\":\"x\"},7,null],\"totalBilledTime\":\"NaNs\",\"requestId\":[]}",
    "{\"RecognitionStatus\":\"NoMatch\",\"Offset\":\"x\",\"Duration\":\"y\",\"NBest\":{}}",
    "{\"metadata\":[],\"results\":{\"channels\":{\"alternatives\":[]}}}",
  };

  private static String repeat(String s, int n) {
    StringBuilder b = new StringBuilder(s.length() * n);
    for (int i = 0; i < n; i++) {
      b.append(s);
    }
    return b.toString();
  }

  private static byte[] randomBytes() {
    byte[] random = new byte[100_000];
    new Random(3).nextBytes(random);
    return random;
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "https://api.cartesia.ai/tts/bytes",
    "https://api.cartesia.ai/tts/sse",
    "https://westus.tts.speech.microsoft.com/cognitiveservices/v1",
    "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US",
    "https://texttospeech.googleapis.com/v1/text:synthesize",
    "https://speech.googleapis.com/v1/speech:recognize",
    "https://polly.us-east-1.amazonaws.com/v1/speech",
    "https://api.deepgram.com/v1/listen?language=en",
  })
  void garbageRequestsAndResponsesGiveNoModelAndNeverThrow(String url) {
    ProviderMatch match = CATALOG.classify("POST", url);
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (String g : GARBAGE) {
        byte[] bytes = g.getBytes(StandardCharsets.UTF_8);
        RequestFacts f = request(match, bytes);
        assertNull(f.model, g.length() > 80 ? g.substring(0, 80) : g);
        ResponseFacts r = new ResponseFacts(100);
        r.transcriptionBody(match.route.dialect(), g);
        r.speechEvent(g);
        Base64Audio counter = new Base64Audio("audioContent");
        counter.add(bytes, 0, bytes.length);
      }
      RequestFacts binary = request(match, randomBytes());
      assertNull(binary.model);
      ResponseFacts r = new ResponseFacts(100);
      String invalidUtf8 = new String(randomBytes(), StandardCharsets.UTF_8);
      r.transcriptionBody(match.route.dialect(), invalidUtf8);
      r.speechEvent(invalidUtf8);
      assertNull(r.confidence);
    });
  }

  private static RequestFacts request(ProviderMatch match, byte[] body) {
    RequestFacts f = RequestFacts.fromUrl(match, null);
    BodyCapture capture = new BodyCapture(256 * 1024, 4 * 1024);
    capture.add(body, 0, body.length);
    f.readBody(match, capture);
    return f;
  }

  // ---- SSML ---------------------------------------------------------------------------------------

  @Test
  void ssmlSpokenTextDropsTagsCommentsAndFoldsSpace() {
    Ssml s = Ssml.read("<?xml version=\"1.0\"?><speak version=\"1.0\" xml:lang=\"en-US\">"
        + "<voice xml:lang=\"en-US\" name=\"en-US-JennyNeural\"><!-- greeting -->Hello,\n\t <emphasis>dear</emphasis>"
        + " caller &lt;3 &#233;&#x1F44B;<![CDATA[ a<b ]]></voice><voice name=\"other\">Bye</voice></speak>trailing");
    assertEquals("en-US-JennyNeural", s.voice, "the first voice");
    assertEquals("Hello, dear caller <3 \u00e9\uD83D\uDC4B a<b Bye", s.text);
  }

  @Test
  void ssmlUnknownEntitiesCountAsOneCharacterAndBareAmpersandsStay() {
    assertEquals("a\uFFFDb & c", Ssml.read("<speak>a&nbsp;b & c</speak>").text);
  }

  @Test
  void notSsmlGivesNulls() {
    Ssml s = Ssml.read("Hello there, plain text");
    assertNull(s.text);
    assertNull(s.voice);
    assertNull(Ssml.read("<speaker>x</speaker>").text, "<speaker> is not <speak>");
    assertNull(Ssml.read(null).text);
    assertEquals("cut", Ssml.read("<speak><voice name='v'>cut").text, "a truncated document keeps what it has");
    assertEquals("v", Ssml.read("<speak><voice name='v'>cut").voice);
  }

  // ---- base64 audio in JSON -----------------------------------------------------------------------

  @Test
  void audioContentIsCountedWhateverTheChunkingAndOtherMembersAreNot() {
    byte[] audio = new byte[10_000];
    String b64 = Base64.getEncoder().encodeToString(audio);
    byte[] body = ("{\"note\":\"audioContent\",\"x\":\"QUFB\",\"audioContent\" : \"" + b64.replace("/", "\\/")
        + "\",\"audioConfig\":{\"audioEncoding\":\"MP3\"}}").getBytes(StandardCharsets.UTF_8);
    for (int chunk : new int[] {1, 2, 3, 7, 4096, body.length}) {
      Base64Audio counter = new Base64Audio("audioContent");
      for (int i = 0; i < body.length; i += chunk) {
        int n = Math.min(chunk, body.length - i);
        if (i % 2 == 0) {
          counter.add(ByteBuffer.wrap(body, i, n));
        } else {
          counter.add(body, i, n);
        }
      }
      assertEquals(10_000L, counter.bytes(), "chunk " + chunk);
    }
  }

  @Test
  void aCutAudioContentCountsWhatArrived() {
    String b64 = Base64.getEncoder().encodeToString(new byte[300]);
    byte[] body = ("{\"audioContent\":\"" + b64.substring(0, 200)).getBytes(StandardCharsets.US_ASCII);
    Base64Audio counter = new Base64Audio("audioContent");
    counter.add(body, 0, body.length);
    assertEquals(150L, counter.bytes());
    Base64Audio nonString = new Base64Audio("audioContent");
    byte[] n = "{\"audioContent\":null,\"b\":\"AAAA\"}".getBytes(StandardCharsets.US_ASCII);
    nonString.add(n, 0, n.length);
    assertEquals(0L, nonString.bytes());
  }

  @Test
  void decodedLengthIgnoresPaddingAndGarbage() {
    assertEquals(0L, Base64Audio.decodedLength(null));
    assertEquals(1L, Base64Audio.decodedLength("AA=="));
    assertEquals(2L, Base64Audio.decodedLength("AAA="));
    assertEquals(3L, Base64Audio.decodedLength("AAAA"));
    assertEquals(3L, Base64Audio.decodedLength("AA\r\nAA"));
    assertEquals(0L, Base64Audio.decodedLength("\u00e9\u00e9!!"));
  }

  // ---- responses ----------------------------------------------------------------------------------

  @Test
  void azureNoMatchHasNoTranscriptAndGoogleEmptyResultsNoConfidence() {
    ResponseFacts azure = new ResponseFacts(100);
    azure.transcriptionBody(BodyDialect.AZURE_STT, "{\"RecognitionStatus\":\"NoMatch\",\"Offset\":0,\"Duration\":0}");
    assertEquals("", azure.output.toString());
    assertNull(azure.confidence);
    ResponseFacts google = new ResponseFacts(100);
    google.transcriptionBody(BodyDialect.GOOGLE_STT, "{\"totalBilledTime\":\"-1s\",\"requestId\":\"1\"}");
    assertNull(google.confidence);
    assertNull(google.audioDurationSeconds, "a negative duration is not a duration");
    assertEquals("1", google.requestId);
  }

  @Test
  void aDeepgramBodyCutInItsWordListStillGivesMetadataAndTranscript() {
    String body = "{\"metadata\":{\"request_id\":\"dg-1\",\"duration\":61.5},\"results\":{\"channels\":[{"
        + "\"detected_language\":\"de\",\"alternatives\":[{\"transcript\":\"Guten Tag\",\"confidence\":0.91,\"words\":["
        + repeat("{\"word\":\"tag\",\"start\":1.0,\"end\":1.2,\"confidence\":0.5},", 100);
    ResponseFacts r = new ResponseFacts(100);
    r.transcriptionBody(BodyDialect.DEEPGRAM, body);
    assertEquals("dg-1", r.requestId);
    assertEquals(61.5, r.audioDurationSeconds);
    assertEquals("Guten Tag", r.output.toString());
    assertEquals(0.91, r.confidence);
    assertEquals("de", r.language);
  }

  @Test
  void speechEventsWithoutTheExpectedFieldsAddNothing() {
    ResponseFacts r = new ResponseFacts(100);
    r.speechEvent("{\"type\":\"chunk\",\"data\":42}");
    r.speechEvent("{\"type\":\"speech.audio.delta\"}");
    r.speechEvent("{\"type\":\"transcript.text.done\",\"text\":null,\"usage\":\"x\"}");
    r.speechEvent("{\"data\":\"AAAA\"}");
    r.speechEvent("[DONE]");
    assertNull(r.audioBytes);
    assertNull(r.inputTokens);
    assertEquals(5, r.dataEvents);
  }

  @Test
  void requestFieldsOfTheRightShapeOnly() {
    ProviderMatch cartesia = CATALOG.classify("POST", "https://api.cartesia.ai/tts/bytes");
    RequestFacts f = request(cartesia, ("{\"model_id\":\"sonic-2\",\"transcript\":\"Hi\",\"voice\":{\"mode\":\"embedding\","
        + "\"embedding\":[0.1,0.2]},\"output_format\":{\"container\":\"mp3\",\"sample_rate\":44100,\"bit_rate\":128000}}")
        .getBytes(StandardCharsets.UTF_8));
    assertNull(f.voice, "an embedding voice has no id");
    assertEquals("mp3_44100", f.audioFormat);
    assertEquals(2L, f.characters);
    ProviderMatch google = CATALOG.classify("POST", "https://texttospeech.googleapis.com/v1/text:synthesize");
    RequestFacts g = request(google, ("{\"input\":{\"ssml\":\"<speak>Press <say-as interpret-as='characters'>1</say-as>"
        + "</speak>\"},\"voice\":{\"languageCode\":\"en-GB\"},\"audioConfig\":{\"audioEncoding\":\"OGG_OPUS\"}}")
        .getBytes(StandardCharsets.UTF_8));
    assertEquals("Press 1", g.text);
    assertEquals(7L, g.characters);
    assertEquals("ogg_opus", g.audioFormat);
    assertNull(g.voice);
  }

  @Test
  void theOutputFormatHeaderIsReadOnlyForAzureSpeech() {
    ProviderMatch azure = CATALOG.classify("POST", "https://westus.tts.speech.microsoft.com/cognitiveservices/v1");
    ProviderMatch polly = CATALOG.classify("POST", "https://polly.us-east-1.amazonaws.com/v1/speech");
    assertEquals("riff-24khz-16bit-mono-pcm",
        RequestFacts.requestedFormat(azure, name -> name.equals("X-Microsoft-OutputFormat") ? "riff-24khz-16bit-mono-pcm" : null));
    assertNull(RequestFacts.requestedFormat(polly, name -> "riff-24khz-16bit-mono-pcm"));
    assertNull(RequestFacts.requestedFormat(azure, null));
  }
}
