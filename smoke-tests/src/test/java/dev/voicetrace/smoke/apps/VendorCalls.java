package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The speech vendors' requests (and an Azure OpenAI chat), as their wire formats define them (path and query, headers, body),
 * and how an application reads what comes back: the one place the test apps take a vendor request
 * from, whichever HTTP client sends it ({@link SpeechVendorsApp}, {@link VendorMatrixApp}).
 */
public final class VendorCalls {
  public static final String TEXT = "Fish & chips for two at seven.";
  public static final String SSML = "<speak version='1.0' xml:lang='en-US'><voice name='en-US-AvaNeural'>"
      + "Fish &amp; chips <break time='100ms'/>for two at seven.</voice></speak>";
  /** Utterance audio the STT requests send: 1.5 s of 16 kHz 16-bit PCM. */
  public static final int UTTERANCE_BYTES = 48_000;
  private static final Pattern BASE64_MEMBER =
      Pattern.compile("\"(?:data|audio|audioContent|audio_base64)\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");
  private static final Pattern TEXT_MEMBER =
      Pattern.compile("\"(?:DisplayText|transcript|text)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
  private static final Pattern TRANSCRIPT_DONE =
      Pattern.compile("\"type\":\"transcript\\.text\\.done\",\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** How the application makes sense of a response body. */
  public enum Reading {
    /** The body is the audio. */
    AUDIO,
    /** Audio in base64 members of a JSON body or of SSE events, decoded as the app would play it. */
    AUDIO_BASE64,
    /** The first transcript member of a JSON body. */
    TRANSCRIPT,
    /** Every transcript member of a JSON body, joined (Google's results). */
    TRANSCRIPTS_JOINED,
    /** The text of OpenAI's {@code transcript.text.done} event. */
    TRANSCRIPT_DONE_EVENT,
    /** The content deltas of an OpenAI chat completion stream, joined. */
    CHAT_STREAM
  }

  /** One vendor request. {@code headers} include the content type, in the order a client would set them. */
  public record VendorCall(String name, String pathAndQuery, Map<String, String> headers, byte[] body,
      Reading reading) {
    public String contentType() {
      return headers.get("Content-Type");
    }

    /** This request with one more header. */
    public VendorCall withHeader(String name, String value) {
      Map<String, String> more = new LinkedHashMap<>(headers);
      more.put(name, value);
      return new VendorCall(this.name, pathAndQuery, more, body, reading);
    }
  }

  /** What the application got from a response: the audio bytes it would play, the transcript it read. */
  public record Seen(long audioBytes, String text) {}

  private VendorCalls() {}

  public static VendorCall cartesiaBytes() {
    return new VendorCall("cartesiaBytes", "/tts/bytes", cartesiaHeaders(), utf8(cartesiaJson("pcm_s16le", 16000)),
        Reading.AUDIO);
  }

  public static VendorCall cartesiaSse() {
    return new VendorCall("cartesiaSse", "/tts/sse", cartesiaHeaders(), utf8(cartesiaJson("pcm_mulaw", 8000)),
        Reading.AUDIO_BASE64);
  }

  public static VendorCall azureTts() {
    return new VendorCall("azureTts", "/cognitiveservices/v1", headers("Content-Type", "application/ssml+xml",
        "X-Microsoft-OutputFormat", "raw-8khz-8bit-mono-mulaw", "Ocp-Apim-Subscription-Key", "azure-app-key"),
        utf8(SSML), Reading.AUDIO);
  }

  public static VendorCall azureStt() {
    return new VendorCall("azureStt", "/speech/recognition/conversation/cognitiveservices/v1?language=en-US&format=detailed",
        headers("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000", "Ocp-Apim-Subscription-Key",
            "azure-app-key"), new byte[UTTERANCE_BYTES], Reading.TRANSCRIPT);
  }

  public static VendorCall googleTts() {
    String json = "{\"input\":{\"text\":\"" + TEXT + "\"},\"voice\":{\"languageCode\":\"en-US\","
        + "\"name\":\"en-US-Chirp3-HD-Charon\"},\"audioConfig\":{\"audioEncoding\":\"LINEAR16\",\"sampleRateHertz\":16000}}";
    return new VendorCall("googleTts", "/v1/text:synthesize?key=google-app-key", json(), utf8(json),
        Reading.AUDIO_BASE64);
  }

  public static VendorCall googleStt() {
    String json = "{\"config\":{\"encoding\":\"LINEAR16\",\"sampleRateHertz\":16000,\"languageCode\":\"en-US\","
        + "\"model\":\"latest_short\"},\"audio\":{\"content\":\""
        + Base64.getEncoder().encodeToString(new byte[UTTERANCE_BYTES]) + "\"}}";
    return new VendorCall("googleStt", "/v1/speech:recognize?key=google-app-key", json(), utf8(json),
        Reading.TRANSCRIPTS_JOINED);
  }

  public static VendorCall polly() {
    String json = "{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"SampleRate\":\"16000\",\"Text\":\""
        + SSML.replace("'", "\\\"") + "\",\"TextType\":\"ssml\",\"VoiceId\":\"Joanna\"}";
    return new VendorCall("polly", "/v1/speech", json(), utf8(json), Reading.AUDIO);
  }

  public static VendorCall openAiSpeech() {
    return openAiSpeech("openAiSpeech", "");
  }

  public static VendorCall openAiSpeechSse() {
    return openAiSpeech("openAiSpeechSse", ",\"stream_format\":\"sse\"");
  }

  private static VendorCall openAiSpeech(String name, String more) {
    String json = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT + "\",\"voice\":\"coral\","
        + "\"response_format\":\"pcm\"" + more + "}";
    return new VendorCall(name, "/v1/audio/speech", headers("Content-Type", "application/json",
        "Authorization", "Bearer sk-app"), utf8(json), more.isEmpty() ? Reading.AUDIO : Reading.AUDIO_BASE64);
  }

  public static VendorCall openAiTranscription() {
    return openAiTranscription("openAiTranscription", false);
  }

  public static VendorCall openAiTranscriptionStream() {
    return openAiTranscription("openAiTranscriptionStream", true);
  }

  /** Azure OpenAI's transcription deployment: the deployment names the model, the form carries none. */
  public static VendorCall azureOpenAiTranscription() {
    return transcription("azureOpenAiTranscription",
        "/openai/deployments/my-whisper/audio/transcriptions?api-version=2024-06-01", null, false, "api-key",
        "azure-openai-app-key");
  }

  private static VendorCall openAiTranscription(String name, boolean stream) {
    return transcription(name, "/v1/audio/transcriptions", "gpt-4o-mini-transcribe", stream, "Authorization",
        "Bearer sk-app");
  }

  private static VendorCall transcription(String name, String path, String model, boolean stream, String keyHeader,
      String key) {
    String b = "vtboundary";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.writeBytes(("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    form.writeBytes(new byte[UTTERANCE_BYTES]);
    form.writeBytes(("\r\n" + (model == null ? "" : "--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\n"
        + model + "\r\n")
        + (stream ? "--" + b + "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\ntrue\r\n" : "")
        + "--" + b + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return new VendorCall(name, path, headers("Content-Type", "multipart/form-data; boundary=" + b,
        keyHeader, key,
        "x-call-sid", "CA" + ProcessHandle.current().pid()), // the fake's first caller line, in every JVM
        form.toByteArray(), stream ? Reading.TRANSCRIPT_DONE_EVENT : Reading.TRANSCRIPT);
  }

  public static VendorCall deepgramListen() {
    return new VendorCall("deepgramListen", "/v1/listen?model=nova-3&detect_language=true",
        headers("Content-Type", "audio/wav", "Authorization", "Token dg-app"), new byte[UTTERANCE_BYTES],
        Reading.TRANSCRIPT);
  }

  public static VendorCall elevenLabsTimestamps() {
    return elevenLabs("elevenLabsTimestamps", "/with-timestamps", Reading.AUDIO_BASE64);
  }

  public static VendorCall elevenLabsStreamTimestamps() {
    return elevenLabs("elevenLabsStreamTimestamps", "/stream/with-timestamps", Reading.AUDIO_BASE64);
  }

  public static VendorCall deepgramSpeak() {
    return new VendorCall("deepgramSpeak", "/v1/speak?model=aura-2-thalia-en&encoding=mulaw&sample_rate=8000&container=none",
        headers("Content-Type", "application/json", "Authorization", "Token dg-app"), utf8("{\"text\":\"" + TEXT + "\"}"),
        Reading.AUDIO);
  }

  /** Azure OpenAI's speech deployment: the deployment names the model, the body carries none. */
  public static VendorCall azureOpenAiSpeech() {
    return new VendorCall("azureOpenAiSpeech", "/openai/deployments/my-tts/audio/speech?api-version=2025-03-01-preview",
        headers("Content-Type", "application/json", "api-key", "azure-openai-app-key"),
        utf8("{\"input\":\"" + TEXT + "\",\"voice\":\"coral\",\"response_format\":\"pcm\"}"), Reading.AUDIO);
  }

  /** A streamed chat on an Azure OpenAI deployment, which names the model (the body names none). */
  public static VendorCall azureOpenAiChat() {
    return new VendorCall("azureOpenAiChat", "/openai/deployments/my-chat/chat/completions?api-version=2024-10-21",
        headers("Content-Type", "application/json", "api-key", "azure-openai-app-key"),
        utf8("{\"stream\":true,\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\","
            + "\"content\":\"A table for two tonight, please.\"}]}"), Reading.CHAT_STREAM);
  }

  public static VendorCall elevenLabsStream() {
    return elevenLabs("elevenLabsStream", "/stream", Reading.AUDIO);
  }

  private static VendorCall elevenLabs(String name, String route, Reading reading) {
    return new VendorCall(name, "/v1/text-to-speech/voice-matrix" + route + "?output_format=ulaw_8000",
        headers("Content-Type", "application/json", "xi-api-key", "xi-app-key"),
        utf8("{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_flash_v2_5\"}"), reading);
  }

  /** Every vendor request, in the order {@link VendorMatrixApp} sends them. */
  public static List<VendorCall> all() {
    return List.of(elevenLabsStream(), elevenLabsTimestamps(), elevenLabsStreamTimestamps(), cartesiaBytes(),
        cartesiaSse(), azureTts(), azureStt(), googleTts(), googleStt(), polly(), openAiSpeech(), openAiSpeechSse(),
        azureOpenAiSpeech(), deepgramSpeak(), openAiTranscription(), openAiTranscriptionStream(),
        azureOpenAiTranscription(), deepgramListen(), azureOpenAiChat());
  }

  /**
   * The requests of one matrix run: with an {@code encoding}, those {@link #servedCompressed} so; without one (null),
   * every vendor request, then the malformed ones.
   */
  public static List<VendorCall> matrixRun(String encoding) {
    if (encoding != null) {
      return servedCompressed(encoding);
    }
    List<VendorCall> calls = new ArrayList<>(all());
    calls.addAll(malformed());
    return calls;
  }

  /**
   * The vendor requests whose response is JSON or an event stream (all but raw audio), each asking the fake server to
   * serve it compressed ({@code x-fake-fault: gzip} or {@code deflate}, the zlib format), as Google's and other JSON
   * APIs answer a client that accepts it. Raw audio is left out: no speech API here compresses it, and a client that
   * does not inflate hands it to the app, and to the count, as it came.
   */
  public static List<VendorCall> servedCompressed(String encoding) {
    return all().stream().filter(c -> c.reading() != Reading.AUDIO).map(c -> c.withHeader("x-fake-fault", encoding))
        .toList();
  }

  /**
   * Malformed requests to real vendor paths, as a buggy bot sends them (names start with {@code bad}): a JSON body
   * cut short, SSML never closed, a multipart body whose boundary is not the declared one, invalid UTF-8 inside
   * the JSON, a body that is not JSON at all. Whatever the provider answers, the app must see it unchanged and
   * the stage span must say it (ERROR with the status when it is one).
   */
  public static List<VendorCall> malformed() {
    byte[] badUtf8 = ("{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"Text\":\"Fish \u0000 chips ").getBytes(
        StandardCharsets.UTF_8);
    ByteArrayOutputStream polly = new ByteArrayOutputStream();
    polly.writeBytes(badUtf8);
    polly.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28, (byte) 0xFF, (byte) 0xFE});
    polly.writeBytes("\",\"VoiceId\":\"Joanna\"}".getBytes(StandardCharsets.UTF_8));
    byte[] form = ("--other\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n\r\nRIFF\r\n"
        + "--other--\r\n").getBytes(StandardCharsets.US_ASCII);
    return List.of(
        new VendorCall("badJsonElevenLabs", "/v1/text-to-speech/voice-matrix/stream?output_format=ulaw_8000",
            headers("Content-Type", "application/json", "xi-api-key", "xi-app-key"),
            utf8("{\"text\":\"" + TEXT + "\",\"model_id\":\"eleven_fl"), Reading.AUDIO),
        new VendorCall("badSsmlAzure", "/cognitiveservices/v1", headers("Content-Type", "application/ssml+xml",
            "X-Microsoft-OutputFormat", "raw-8khz-8bit-mono-mulaw", "Ocp-Apim-Subscription-Key", "azure-app-key"),
            utf8("<speak version='1.0'><voice name='en-US-AvaNeural'>Fish &amp chips <break time="), Reading.AUDIO),
        new VendorCall("badMultipartOpenAi", "/v1/audio/transcriptions", headers("Content-Type",
            "multipart/form-data; boundary=vtboundary", "Authorization", "Bearer sk-app"), form, Reading.TRANSCRIPT),
        new VendorCall("badUtf8Polly", "/v1/speech", json(), polly.toByteArray(), Reading.AUDIO),
        new VendorCall("notJsonGoogleStt", "/v1/speech:recognize?key=google-app-key", json(),
            utf8("config=LINEAR16&audio=not-json"), Reading.TRANSCRIPT));
  }

  /** What an application reading {@code body} as {@code call}'s vendor intends gets from it. */
  public static Seen seen(VendorCall call, byte[] body) {
    String text = call.reading() == Reading.AUDIO ? "" : new String(body, StandardCharsets.UTF_8);
    return switch (call.reading()) {
      case AUDIO -> new Seen(body.length, "");
      case AUDIO_BASE64 -> new Seen(decodedAudio(text), "");
      case TRANSCRIPT -> new Seen(0, first(TEXT_MEMBER, text));
      case TRANSCRIPT_DONE_EVENT -> new Seen(0, first(TRANSCRIPT_DONE, text));
      case CHAT_STREAM -> new Seen(0, ClientScenarios.chatContent(body));
      case TRANSCRIPTS_JOINED -> {
        StringBuilder joined = new StringBuilder();
        Matcher m = TEXT_MEMBER.matcher(text);
        while (m.find()) {
          joined.append(m.group(1));
        }
        yield new Seen(0, joined.toString());
      }
    };
  }

  private static long decodedAudio(String body) {
    long n = 0;
    Matcher m = BASE64_MEMBER.matcher(body);
    while (m.find()) {
      n += Base64.getDecoder().decode(m.group(1)).length;
    }
    return n;
  }

  private static String first(Pattern p, String text) {
    Matcher m = p.matcher(text);
    return m.find() ? m.group(1) : "";
  }

  private static String cartesiaJson(String encoding, int rate) {
    return "{\"model_id\":\"sonic-2\",\"transcript\":\"" + TEXT + "\",\"voice\":{\"mode\":\"id\","
        + "\"id\":\"a0e99841-438c-4a64-b679-ae501e7d6091\"},\"output_format\":{\"container\":\"raw\","
        + "\"encoding\":\"" + encoding + "\",\"sample_rate\":" + rate + "},\"language\":\"en\"}";
  }

  private static Map<String, String> cartesiaHeaders() {
    return headers("Content-Type", "application/json", "Cartesia-Version", "2025-04-16", "X-API-Key", "sk_car_app");
  }

  private static Map<String, String> json() {
    return headers("Content-Type", "application/json");
  }

  private static Map<String, String> headers(String... namesAndValues) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      h.put(namesAndValues[i], namesAndValues[i + 1]);
    }
    return h;
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
