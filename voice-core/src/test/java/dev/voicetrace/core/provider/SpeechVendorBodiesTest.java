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

/** The speech vendors' body readers on edge cases and garbage: nothing throws, nothing is made up. */
class SpeechVendorBodiesTest {
  private static final ProviderCatalog CATALOG = ProviderCatalog.create("");
  /** The bounds StageCall uses for request bodies (one copy, reset per body). */
  private static final BodyCapture CAPTURE = new BodyCapture(256 * 1024, 4 * 1024);

  private static final String[] VENDORS = {
    "https://api.cartesia.ai/tts/bytes",
    "https://api.cartesia.ai/tts/sse",
    "https://westus.tts.speech.microsoft.com/cognitiveservices/v1",
    "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US",
    "https://texttospeech.googleapis.com/v1/text:synthesize",
    "https://speech.googleapis.com/v1/speech:recognize",
    "https://polly.us-east-1.amazonaws.com/v1/speech",
    "https://api.deepgram.com/v1/listen?language=en",
    "https://api.openai.com/v1/audio/speech",
    "https://api.openai.com/v1/audio/transcriptions",
  };

  /** Realistic request and response bodies of every vendor, to be cut and damaged. */
  private static final String[] REAL = {
    "{\"model_id\":\"sonic-2\",\"transcript\":\"Hi there\",\"voice\":{\"mode\":\"id\",\"id\":\"v1\"},"
        + "\"output_format\":{\"container\":\"raw\",\"encoding\":\"pcm_s16le\",\"sample_rate\":16000}}",
    "<speak version='1.0' xml:lang='en-US'><voice name='en-US-AvaNeural'>Fish &amp; chips &#233;</voice></speak>",
    "{\"input\":{\"ssml\":\"<speak>Hi &amp; bye</speak>\"},\"voice\":{\"languageCode\":\"en-US\",\"name\":\"en-US-X\","
        + "\"modelName\":\"m\"},\"audioConfig\":{\"audioEncoding\":\"MP3\"}}",
    "{\"config\":{\"model\":\"latest_short\",\"languageCode\":\"en-US\"},\"audio\":{\"content\":\"AAAAAAAA\"}}",
    "{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"SampleRate\":\"16000\",\"Text\":\"Hi\",\"VoiceId\":\"Joanna\"}",
    "{\"RecognitionStatus\":\"Success\",\"DisplayText\":\"Hi.\",\"Offset\":100,\"Duration\":2000,"
        + "\"NBest\":[{\"Confidence\":0.9,\"Display\":\"Hi.\"}]}",
    "{\"results\":[{\"alternatives\":[{\"transcript\":\"hi\",\"confidence\":0.9}]}],\"totalBilledTime\":\"1s\"}",
    "{\"metadata\":{\"request_id\":\"r\",\"duration\":1.5},\"results\":{\"channels\":[{\"alternatives\":"
        + "[{\"transcript\":\"hi\",\"confidence\":0.9}]}]}}",
    "{\"type\":\"chunk\",\"data\":\"AAAA\"}",
    "{\"type\":\"transcript.text.done\",\"text\":\"hi\",\"usage\":{\"input_tokens\":3,\"output_tokens\":1}}",
  };

  private static String repeat(String s, int n) {
    StringBuilder b = new StringBuilder(s.length() * n);
    for (int i = 0; i < n; i++) {
      b.append(s);
    }
    return b.toString();
  }

  /** Feeds {@code body} to every reader of every vendor: request, STT response, SSE event, JSON audio counter. */
  private static void readEverywhere(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    for (String url : VENDORS) {
      ProviderMatch match = CATALOG.classify("POST", url);
      request(match, bytes);
      ResponseFacts r = new ResponseFacts(100);
      r.transcriptionBody(match.route.dialect(), body);
      r.speechEvent(body);
    }
    new Base64Audio("audioContent").add(bytes, 0, bytes.length);
    Ssml.read(body);
  }

  @Test
  void malformedBodiesAddNothingAndNeverThrow() {
    String[] malformed = {
      "", "{", "not json", "[1,2,3]", "null", "\"string\"", "<speak", "<speak><voice name=", "<speak>&amp",
      "&#xFFFFFFFFF;", "data: {\"type\":", "{\"a\":" + repeat("[", 10_000),
      "{\"model_id\":42,\"transcript\":true,\"voice\":\"x\",\"output_format\":[],\"Text\":{},\"input\":7,\"config\":3}",
      "{\"results\":[{\"alternatives\":\"x\"},7,null],\"totalBilledTime\":\"NaNs\",\"requestId\":[]}",
      "{\"RecognitionStatus\":\"NoMatch\",\"Offset\":\"x\",\"Duration\":\"y\",\"NBest\":{}}",
      "{\"metadata\":[],\"results\":{\"channels\":{\"alternatives\":[]}}}",
    };
    for (String body : malformed) {
      readEverywhere(body);
      for (String url : VENDORS) {
        ProviderMatch match = CATALOG.classify("POST", url);
        RequestFacts f = request(match, body.getBytes(StandardCharsets.UTF_8));
        assertNull(f.model, url + " " + body);
        ResponseFacts r = new ResponseFacts(100);
        r.transcriptionBody(match.route.dialect(), body);
        assertNull(r.confidence, url + " " + body);
        assertNull(r.audioDurationSeconds, url + " " + body);
      }
    }
  }

  @Test
  void everyCutOfARealBodyIsReadWithoutThrowing() {
    for (String real : REAL) {
      for (int cut = 0; cut <= real.length(); cut++) {
        readEverywhere(real.substring(0, cut));
      }
    }
  }

  @Test
  void invalidUtf8IsReadWithoutThrowing() {
    byte[] random = new byte[100_000];
    new Random(3).nextBytes(random);
    for (String url : VENDORS) {
      ProviderMatch match = CATALOG.classify("POST", url);
      assertNull(request(match, random).characters, url);
    }
    readEverywhere(new String(random, StandardCharsets.UTF_8));
    byte[] overlong = {'{', '"', 'T', 'e', 'x', 't', '"', ':', '"', (byte) 0xC0, (byte) 0xAF, (byte) 0xFF, '"', '}'};
    readEverywhere(new String(overlong, StandardCharsets.UTF_8));
  }

  @Test
  void hundredThousandCharacterInputsAreReadInLinearTime() {
    String[] huge = {
      repeat("<voice ", 15_000), repeat("&", 100_000), repeat("<speak>&#", 12_000), repeat("<!--", 25_000),
      repeat("\"config\":", 12_000), repeat("\"audioContent\":\"", 7_000), repeat("a", 100_000),
      "<speak>" + repeat("x", 100_000) + "</speak>", repeat("{\"transcript\":", 7_000),
    };
    assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
      for (String body : huge) {
        readEverywhere(body);
      }
    });
    assertEquals(100_000L, (long) Ssml.read("<speak>" + repeat("x", 100_000) + "</speak>").text.length());
  }

  private static RequestFacts request(ProviderMatch match, byte[] body) {
    RequestFacts f = RequestFacts.fromUrl(match, null);
    CAPTURE.reset();
    BodyCapture capture = CAPTURE;
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
