package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static dev.voicetrace.core.session.VoiceKit.headers;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Each speech vendor's wire format, played through a stage call the way the HTTP hooks report it,
 * and what its span carries. Responses are handed over in odd-sized chunks.
 */
class SpeechVendorSpansTest {
  private static final String TEXT = "Your table for two is booked at 7 pm.";
  private static final String TRANSCRIPT = "I'd like to book a table for two.";

  /** Audio of {@code n} bytes as base64, the way vendors put it in JSON. */
  private static String audio(int n) {
    byte[] a = new byte[n];
    for (int i = 0; i < n; i++) {
      a[i] = (byte) (i * 31);
    }
    return Base64.getEncoder().encodeToString(a);
  }

  private static SpanData play(
      String url, Function<String, String> requestHeaders, String requestBody, int status,
      Function<String, String> responseHeaders, byte[] responseBody, String... config) throws Exception {
    try (VoiceKit kit = new VoiceKit(config)) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call;
      try (AutoCloseable ignored = kit.runtime.enterConnection(conn)) {
        call = kit.runtime.startHttpCall("jdk", "POST", url, requestHeaders);
      }
      byte[] body = requestBody.getBytes(StandardCharsets.UTF_8);
      call.requestBodyStarted();
      call.requestBody(body, 0, body.length);
      call.responseHeaders(status, responseHeaders);
      int[] sizes = {1, 17, 5, 333, 64, 4096};
      int i = 0;
      for (int k = 0; i < responseBody.length; k++) {
        int n = Math.min(sizes[k % sizes.length], responseBody.length - i);
        if (k % 2 == 0) {
          call.responseBody(java.nio.ByteBuffer.wrap(responseBody, i, n));
        } else {
          call.responseBody(call.needsResponseContent() ? responseBody : null, i, n);
        }
        i += n;
      }
      call.completed();
      kit.runtime.connectionClosed(conn);
      return kit.named("text_to_speech").isEmpty() ? kit.only("speech_to_text") : kit.only("text_to_speech");
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void cartesiaBytes() throws Exception {
    SpanData tts = play("https://api.cartesia.ai/tts/bytes", headers("Cartesia-Version", "2025-04-16"),
        "{\"model_id\":\"sonic-2\",\"transcript\":\"" + TEXT + "\",\"voice\":{\"mode\":\"id\","
            + "\"id\":\"a0e99841-438c-4a64-b679-ae501e7d6091\"},\"output_format\":{\"container\":\"raw\","
            + "\"encoding\":\"pcm_s16le\",\"sample_rate\":16000},\"language\":\"en\"}",
        200, headers("content-type", "audio/pcm", "x-request-id", "cartesia-req-1"), new byte[32000]);
    assertEquals("text_to_speech sonic-2", tts.getName());
    assertEquals("cartesia", attr(tts, VoiceAttributes.PROVIDER));
    assertEquals("sonic-2", attr(tts, VoiceAttributes.REQUEST_MODEL));
    assertEquals("a0e99841-438c-4a64-b679-ae501e7d6091", attr(tts, VoiceAttributes.SPEECH_VOICE));
    assertEquals((long) TEXT.length(), attr(tts, VoiceAttributes.TTS_CHARACTERS));
    assertEquals("pcm_s16le_16000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals(32000L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals(Boolean.FALSE, attr(tts, VoiceAttributes.TTS_STREAMING));
    assertEquals("cartesia-req-1", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void cartesiaSseCountsDecodedAudioNotWireBytes() throws Exception {
    String sse = "event: chunk\ndata: {\"type\":\"chunk\",\"data\":\"" + audio(4410) + "\",\"done\":false,"
        + "\"status_code\":206,\"step_time\":41.2,\"context_id\":\"ctx-1\"}\n\n"
        + "event: chunk\ndata: {\"type\":\"chunk\",\"data\":\"" + audio(3001) + "\",\"done\":false,"
        + "\"status_code\":206,\"step_time\":12.0,\"context_id\":\"ctx-1\"}\n\n"
        + "event: done\ndata: {\"type\":\"done\",\"done\":true,\"status_code\":200,\"context_id\":\"ctx-1\"}\n\n";
    SpanData tts = play("https://api.cartesia.ai/tts/sse", headers(),
        "{\"model_id\":\"sonic-2\",\"transcript\":\"" + TEXT + "\",\"voice\":{\"mode\":\"id\",\"id\":\"v-1\"},"
            + "\"output_format\":{\"container\":\"raw\",\"encoding\":\"pcm_mulaw\",\"sample_rate\":8000}}",
        200, headers("content-type", "text/event-stream"), utf8(sse));
    assertEquals(7411L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.TTS_STREAMING));
    assertEquals("pcm_mulaw_8000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals("v-1", attr(tts, VoiceAttributes.SPEECH_VOICE));
  }

  @Test
  void azureSpeechTtsReadsSsmlAndTheOutputFormatHeader() throws Exception {
    String ssml = "<speak version='1.0' xmlns='http://www.w3.org/2001/10/synthesis' xml:lang='en-US'>\n"
        + "  <voice name='en-US-AvaMultilingualNeural'>\n"
        + "    <prosody rate='+5%'>Fish &amp; chips<break time='200ms'/> for two.</prosody>\n"
        + "  </voice>\n</speak>";
    SpanData tts = play("https://westus.tts.speech.microsoft.com/cognitiveservices/v1",
        headers("X-Microsoft-OutputFormat", "raw-8khz-8bit-mono-mulaw", "Content-Type", "application/ssml+xml"),
        ssml, 200, headers("content-type", "audio/basic", "X-RequestId", "7e1b-azure"), new byte[8000],
        "capture-content", "true");
    assertEquals("en-US-AvaMultilingualNeural", attr(tts, VoiceAttributes.SPEECH_VOICE));
    assertEquals("Fish & chips for two.", attr(tts, VoiceAttributes.TTS_TEXT));
    assertEquals(21L, attr(tts, VoiceAttributes.TTS_CHARACTERS), "spoken text only, &amp; is one character");
    assertEquals("raw-8khz-8bit-mono-mulaw", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals(8000L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("7e1b-azure", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
    assertEquals("azure.speech", attr(tts, VoiceAttributes.PROVIDER));
  }

  @Test
  void azureShortAudioRecognitionDetailed() throws Exception {
    SpanData stt = play(
        "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US&format=detailed",
        headers("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000"), "RIFF....WAVEfmt ",
        200, headers("content-type", "application/json; charset=utf-8", "X-RequestId", "azr-9"),
        utf8("{\"RecognitionStatus\":\"Success\",\"Offset\":1800000,\"Duration\":23500000,"
            + "\"DisplayText\":\"" + TRANSCRIPT.replace("'", "\\u0027") + "\",\"NBest\":[{\"Confidence\":0.9312,"
            + "\"Lexical\":\"i'd like to book a table for two\",\"ITN\":\"i'd like to book a table for 2\","
            + "\"MaskedITN\":\"i'd like to book a table for 2\",\"Display\":\"" + TRANSCRIPT + "\"}]}"),
        "capture-content", "true");
    assertEquals("speech_to_text", stt.getName());
    assertEquals("azure.speech", attr(stt, VoiceAttributes.PROVIDER));
    assertEquals("en-US", attr(stt, VoiceAttributes.STT_LANGUAGE));
    assertEquals(2.35, attr(stt, VoiceAttributes.STT_AUDIO_DURATION), 1e-9);
    assertEquals(0.9312, attr(stt, VoiceAttributes.STT_CONFIDENCE), 1e-9);
    assertEquals(TRANSCRIPT, attr(stt, VoiceAttributes.STT_TRANSCRIPT));
    assertEquals("azr-9", attr(stt, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void transcriptsAreRecordedOnlyWithContentCapture() throws Exception {
    SpanData stt = play(
        "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1?language=en-US",
        headers(), "RIFF", 200, headers("content-type", "application/json"),
        utf8("{\"RecognitionStatus\":\"Success\",\"DisplayText\":\"Hello.\",\"Offset\":0,\"Duration\":10000000}"));
    assertNull(attr(stt, VoiceAttributes.STT_TRANSCRIPT));
    assertEquals(1.0, attr(stt, VoiceAttributes.STT_AUDIO_DURATION), 1e-9);
  }

  @Test
  void googleTtsCountsDecodedAudioContentAsItStreams() throws Exception {
    String body = "{\n  \"audioContent\": \"" + audio(48_001) + "\",\n  \"timepoints\": [],\n"
        + "  \"audioConfig\": {\"audioEncoding\": \"MP3\"}\n}\n";
    SpanData tts = play("https://texttospeech.googleapis.com/v1/text:synthesize",
        headers("X-Goog-User-Project", "bot"),
        "{\"input\":{\"text\":\"" + TEXT + "\"},\"voice\":{\"languageCode\":\"en-US\",\"name\":\"en-US-Chirp3-HD-Charon\"},"
            + "\"audioConfig\":{\"audioEncoding\":\"LINEAR16\",\"sampleRateHertz\":24000}}",
        200, headers("content-type", "application/json; charset=UTF-8"), utf8(body));
    assertEquals(48_001L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("en-US-Chirp3-HD-Charon", attr(tts, VoiceAttributes.SPEECH_VOICE));
    assertEquals((long) TEXT.length(), attr(tts, VoiceAttributes.TTS_CHARACTERS));
    assertEquals("linear16_24000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals("gcp.texttospeech", attr(tts, VoiceAttributes.PROVIDER));
  }

  @Test
  void elevenLabsWithTimestampsCountsDecodedAudioOfEveryStreamedLine() throws Exception {
    String alignment = ",\"alignment\":{\"characters\":[\"Y\",\"o\"],\"character_start_times_seconds\":[0.0,0.05],"
        + "\"character_end_times_seconds\":[0.05,0.1]},\"normalized_alignment\":null}\n";
    String lines = "{\"audio_base64\":\"" + audio(6000) + "\"" + alignment + "{\"audio_base64\":\"" + audio(1999) + "\"" + alignment;
    SpanData tts = play("https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream/with-timestamps", headers(),
        "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}", 200,
        headers("content-type", "application/json", "request-id", "el-1"), utf8(lines));
    assertEquals(7999L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("21m00Tcm4TlvDq8ikWAM", attr(tts, VoiceAttributes.SPEECH_VOICE));
  }

  /** A refused TTS request's error body (the vendor's JSON, whatever the client read of it) is no audio. */
  @Test
  void anErrorBodyIsNotAudio() throws Exception {
    byte[] error = utf8("{\"detail\":{\"status\":\"quota_exceeded\",\"message\":\"This request exceeds your quota.\"}}");
    SpanData tts = play("https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=ulaw_8000",
        headers(), "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}", 401,
        headers("content-type", "application/json"), error);
    assertEquals(0L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals(io.opentelemetry.api.trace.StatusCode.ERROR, tts.getStatus().getStatusCode());
  }

  @Test
  void elevenLabsWithTimestampsOneObjectCountsItsAudioNotItsAlignment() throws Exception {
    String alignment = "{\"characters\":[\"Y\",\"o\"],\"character_start_times_seconds\":[0.0,0.06],"
        + "\"character_end_times_seconds\":[0.06,0.12]}";
    String body = "{\"audio_base64\":\"" + audio(5760) + "\",\"alignment\":" + alignment + ",\"normalized_alignment\":"
        + alignment + "}";
    SpanData tts = play("https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/with-timestamps?output_format=ulaw_8000",
        headers(), "{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}", 200,
        headers("content-type", "application/json", "request-id", "el-2", "x-character-count", "37"), utf8(body));
    assertEquals("text_to_speech eleven_flash_v2_5", tts.getName());
    assertEquals(5760L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("ulaw_8000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals(Boolean.FALSE, attr(tts, VoiceAttributes.TTS_STREAMING));
    assertEquals("el-2", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  /** Deepgram Aura 2 prefixes its response headers with {@code x-}: {@code x-dg-request-id}. */
  @Test
  void deepgramSpeakAura2() throws Exception {
    byte[] wav = new byte[44 + 23_040];
    SpanData tts = play("https://api.deepgram.com/v1/speak?model=aura-2-thalia-en&encoding=linear16&sample_rate=16000",
        headers("content-type", "application/json"), "{\"text\":\"" + TEXT + "\"}", 200,
        headers("content-type", "audio/wav", "x-dg-request-id", "6f01ad8b-0f80-4686-98aa-e0aaf205a48c",
            "x-dg-model-name", "aura-2-thalia-en", "x-dg-characters", "37"), wav);
    assertEquals("text_to_speech aura-2-thalia-en", tts.getName());
    assertEquals("deepgram", attr(tts, VoiceAttributes.PROVIDER));
    assertEquals("linear16_16000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals((long) TEXT.length(), attr(tts, VoiceAttributes.TTS_CHARACTERS));
    assertEquals((long) wav.length, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("6f01ad8b-0f80-4686-98aa-e0aaf205a48c", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void deepgramSpeakAura1() throws Exception {
    SpanData tts = play("https://api.deepgram.com/v1/speak?model=aura-asteria-en", headers(),
        "{\"text\":\"" + TEXT + "\"}", 200, headers("content-type", "audio/mpeg", "dg-request-id", "53ff6fd3",
            "dg-model-name", "aura-asteria-en", "dg-char-count", "37"), new byte[4320]);
    assertEquals("text_to_speech aura-asteria-en", tts.getName());
    assertEquals(4320L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("53ff6fd3", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  /** Azure OpenAI names the model by the deployment in the path; the body need not carry one. */
  @Test
  void azureOpenAiSpeechAndTranscriptionDeployments() throws Exception {
    SpanData tts = play("https://acme.openai.azure.com/openai/deployments/my-tts/audio/speech?api-version=2025-03-01-preview",
        headers(), "{\"input\":\"" + TEXT + "\",\"voice\":\"alloy\",\"response_format\":\"pcm\"}", 200,
        headers("content-type", "audio/mpeg", "x-request-id", "req_az1"), new byte[17_760]);
    assertEquals("text_to_speech my-tts", tts.getName());
    assertEquals("azure.ai.openai", attr(tts, VoiceAttributes.PROVIDER));
    assertEquals("my-tts", attr(tts, VoiceAttributes.REQUEST_MODEL));
    assertEquals("alloy", attr(tts, VoiceAttributes.SPEECH_VOICE));
    assertEquals("pcm", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals(17_760L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("req_az1", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));

    SpanData named = play("https://acme.openai.azure.com/openai/deployments/my-tts/audio/speech?api-version=2025-03-01-preview",
        headers(), "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT + "\",\"voice\":\"alloy\"}", 200,
        headers("content-type", "audio/mpeg"), new byte[100]);
    assertEquals("gpt-4o-mini-tts", attr(named, VoiceAttributes.REQUEST_MODEL), "a model in the body wins");

    String b = "vt";
    String request = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\nRIFF\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"response_format\""
        + "\r\n\r\njson\r\n--" + b + "--\r\n";
    String response = "{\"text\":\"" + TRANSCRIPT + "\",\"usage\":{\"type\":\"tokens\",\"input_tokens\":7,"
        + "\"input_token_details\":{\"text_tokens\":0,\"audio_tokens\":7},\"output_tokens\":9,\"total_tokens\":16}}";
    SpanData stt = play("https://acme.openai.azure.com/openai/deployments/my-whisper/audio/transcriptions?api-version=2024-06-01",
        headers("content-type", "multipart/form-data; boundary=" + b), request, 200,
        headers("content-type", "application/json", "x-request-id", "req_az2"), utf8(response));
    assertEquals("speech_to_text my-whisper", stt.getName());
    assertEquals("azure.ai.openai", attr(stt, VoiceAttributes.PROVIDER));
    assertEquals(7L, attr(stt, VoiceAttributes.INPUT_TOKENS));
    assertEquals(9L, attr(stt, VoiceAttributes.OUTPUT_TOKENS));
  }

  @Test
  void googleSttReadsConfigFromARequestWhoseAudioIsCutFromTheHead() throws Exception {
    String request = "{\"config\":{\"encoding\":\"LINEAR16\",\"sampleRateHertz\":16000,\"languageCode\":\"en-US\","
        + "\"model\":\"latest_short\"},\"audio\":{\"content\":\"" + audio(400_000) + "\"}}";
    String response = "{\"results\":[{\"alternatives\":[{\"transcript\":\"I'd like to book\",\"confidence\":0.9}],"
        + "\"resultEndTime\":\"1.500s\",\"languageCode\":\"en-us\"},{\"alternatives\":[{\"transcript\":"
        + "\" a table for two.\",\"confidence\":0.7}],\"resultEndTime\":\"3.400s\",\"languageCode\":\"en-us\"}],"
        + "\"totalBilledTime\":\"3.5s\",\"requestId\":\"4127715233431306470\"}";
    SpanData stt = play("https://speech.googleapis.com/v1/speech:recognize", headers(), request, 200,
        headers("content-type", "application/json"), utf8(response), "capture-content", "true");
    assertEquals("speech_to_text latest_short", stt.getName());
    assertEquals("en-US", attr(stt, VoiceAttributes.STT_LANGUAGE), "the requested language wins");
    assertEquals(3.5, attr(stt, VoiceAttributes.STT_AUDIO_DURATION), 1e-9);
    assertEquals(0.8, attr(stt, VoiceAttributes.STT_CONFIDENCE), 1e-9);
    assertEquals(TRANSCRIPT, attr(stt, VoiceAttributes.STT_TRANSCRIPT));
    assertEquals("4127715233431306470", attr(stt, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void pollyTakesBilledCharactersFromTheResponseHeader() throws Exception {
    SpanData tts = play("https://polly.us-east-1.amazonaws.com/v1/speech", headers(),
        "{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"SampleRate\":\"16000\",\"Text\":\"<speak>Hi <break/>there</speak>\","
            + "\"TextType\":\"ssml\",\"VoiceId\":\"Joanna\"}",
        200, headers("content-type", "audio/pcm", "x-amzn-RequestCharacters", "33",
            "x-amzn-RequestId", "f1e2-polly"), new byte[6400]);
    assertEquals("text_to_speech neural", tts.getName());
    assertEquals("Joanna", attr(tts, VoiceAttributes.SPEECH_VOICE));
    assertEquals(33L, attr(tts, VoiceAttributes.TTS_CHARACTERS));
    assertEquals("pcm_16000", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
    assertEquals(6400L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals("f1e2-polly", attr(tts, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void pollyWithoutTheHeaderCountsTheSpokenText() throws Exception {
    SpanData tts = play("https://polly.us-east-1.amazonaws.com/v1/speech", headers(),
        "{\"OutputFormat\":\"mp3\",\"Text\":\"<speak>Hi <break/>there</speak>\",\"TextType\":\"ssml\",\"VoiceId\":\"Joanna\"}",
        200, headers("content-type", "audio/mpeg", "x-amzn-RequestCharacters", "n/a"), new byte[100]);
    assertEquals(8L, attr(tts, VoiceAttributes.TTS_CHARACTERS));
    assertEquals("mp3", attr(tts, VoiceAttributes.TTS_AUDIO_FORMAT));
  }

  @Test
  void openAiSpeechSseCountsDecodedDeltasAndUsage() throws Exception {
    String sse = "data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + audio(2400) + "\"}\n\n"
        + "data: {\"type\":\"speech.audio.delta\",\"audio\":\"" + audio(1201) + "\"}\n\n"
        + "data: {\"type\":\"speech.audio.done\",\"usage\":{\"input_tokens\":14,\"output_tokens\":101,\"total_tokens\":115}}\n\n";
    SpanData tts = play("https://api.openai.com/v1/audio/speech", headers(),
        "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT + "\",\"voice\":\"coral\",\"response_format\":\"pcm\","
            + "\"stream_format\":\"sse\"}",
        200, headers("content-type", "text/event-stream"), utf8(sse));
    assertEquals(3601L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    assertEquals(14L, attr(tts, VoiceAttributes.INPUT_TOKENS));
    assertEquals(101L, attr(tts, VoiceAttributes.OUTPUT_TOKENS));
    assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.TTS_STREAMING));
    assertEquals("coral", attr(tts, VoiceAttributes.SPEECH_VOICE));
  }

  @Test
  void openAiStreamedTranscription() throws Exception {
    String b = "vt";
    String request = "--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\nRIFF\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
        + "gpt-4o-mini-transcribe\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\ntrue\r\n--" + b + "--\r\n";
    String sse = "data: {\"type\":\"transcript.text.delta\",\"delta\":\"I'd like\",\"logprobs\":[]}\n\n"
        + "data: {\"type\":\"transcript.text.delta\",\"delta\":\" to book\"}\n\n"
        + "data: {\"type\":\"transcript.text.done\",\"text\":\"" + TRANSCRIPT + "\",\"usage\":{\"type\":\"tokens\","
        + "\"input_tokens\":22,\"input_token_details\":{\"text_tokens\":0,\"audio_tokens\":22},\"output_tokens\":11,\"total_tokens\":33}}\n\n";
    SpanData stt = play("https://api.openai.com/v1/audio/transcriptions", headers(), request, 200,
        headers("content-type", "text/event-stream"), utf8(sse), "capture-content", "true");
    assertEquals("speech_to_text gpt-4o-mini-transcribe", stt.getName());
    assertEquals(TRANSCRIPT, attr(stt, VoiceAttributes.STT_TRANSCRIPT));
    assertEquals(22L, attr(stt, VoiceAttributes.INPUT_TOKENS));
    assertEquals(11L, attr(stt, VoiceAttributes.OUTPUT_TOKENS));
  }

  @Test
  void deepgramListen() throws Exception {
    String response = "{\"metadata\":{\"transaction_key\":\"deprecated\",\"request_id\":\"dg-5f1c\","
        + "\"sha256\":\"ab\",\"created\":\"2026-11-22T19:00:00.000Z\",\"duration\":2.125,\"channels\":1,"
        + "\"models\":[\"1abfe86b\"],\"model_info\":{\"1abfe86b\":{\"name\":\"general-nova-3\",\"version\":\"2025\",\"arch\":\"nova-3\"}}},"
        + "\"results\":{\"channels\":[{\"detected_language\":\"en\",\"language_confidence\":0.99,\"alternatives\":"
        + "[{\"transcript\":\"" + TRANSCRIPT + "\",\"confidence\":0.98,\"words\":[{\"word\":\"i'd\",\"start\":0.1,"
        + "\"end\":0.3,\"confidence\":0.5}]}]}]}}";
    SpanData stt = play("https://api.deepgram.com/v1/listen?model=nova-3&detect_language=true", headers(), "RIFF",
        200, headers("content-type", "application/json"), utf8(response), "capture-content", "true");
    assertEquals("speech_to_text nova-3", stt.getName());
    assertEquals(2.125, attr(stt, VoiceAttributes.STT_AUDIO_DURATION), 1e-9);
    assertEquals(0.98, attr(stt, VoiceAttributes.STT_CONFIDENCE), 1e-9);
    assertEquals("en", attr(stt, VoiceAttributes.STT_LANGUAGE));
    assertEquals(TRANSCRIPT, attr(stt, VoiceAttributes.STT_TRANSCRIPT));
    assertEquals("dg-5f1c", attr(stt, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void deepgramRequestIdHeaderWinsOverTheBody() throws Exception {
    SpanData stt = play("https://api.deepgram.com/v1/listen?model=nova-3", headers(), "RIFF", 200,
        headers("content-type", "application/json", "dg-request-id", "from-header"),
        utf8("{\"metadata\":{\"request_id\":\"from-body\",\"duration\":1.0},\"results\":{\"channels\":[]}}"));
    assertEquals("from-header", attr(stt, VoiceAttributes.PROVIDER_REQUEST_ID));
  }

  @Test
  void garbageFromAnyVendorStillEndsItsSpanWithTimingAndNoMadeUpFacts() throws Exception {
    String[] urls = {
      "https://api.cartesia.ai/tts/sse", "https://api.cartesia.ai/tts/bytes",
      "https://westus.tts.speech.microsoft.com/cognitiveservices/v1",
      "https://westus.stt.speech.microsoft.com/speech/recognition/conversation/cognitiveservices/v1",
      "https://texttospeech.googleapis.com/v1/text:synthesize", "https://speech.googleapis.com/v1/speech:recognize",
      "https://polly.us-east-1.amazonaws.com/v1/speech", "https://api.deepgram.com/v1/listen",
      "https://api.openai.com/v1/audio/speech",
    };
    byte[] random = new byte[70_000];
    new java.util.Random(11).nextBytes(random);
    for (String url : urls) {
      for (String contentType : new String[] {"text/event-stream", "application/json", "audio/mpeg"}) {
        SpanData span = play(url, headers("X-Microsoft-OutputFormat", ""), "{\"model\":\"m\",<speak>&&&",
            200, headers("content-type", contentType, "x-amzn-RequestCharacters", "-3"), random);
        String what = url + " " + contentType;
        assertEquals(io.opentelemetry.api.trace.StatusCode.UNSET, span.getStatus().getStatusCode(), what);
        if (!contentType.equals("text/event-stream")) { // SSE: ttfb is the first data event, and none came
          org.junit.jupiter.api.Assertions.assertNotNull(attr(span, VoiceAttributes.TTFB), what);
        }
        assertNull(attr(span, VoiceAttributes.REQUEST_MODEL), what);
        assertNull(attr(span, VoiceAttributes.STT_CONFIDENCE), what);
        Long bytes = attr(span, VoiceAttributes.TTS_AUDIO_BYTES);
        if (bytes != null && contentType.equals("text/event-stream")) {
          assertEquals(0L, bytes, what + ": SSE framing is not audio");
        }
      }
    }
  }
}
