package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One call to each speech vendor's wire format on the fake provider server, over the JDK {@code
 * HttpClient}: Cartesia bytes and SSE, Azure Speech TTS and short-audio STT, Google TTS and STT,
 * Polly, OpenAI speech SSE and streamed transcription, Deepgram listen. Each scenario is a session
 * method; after each it prints {@code RESULT scenario=… status=… audio=… text=…}: the audio bytes the
 * app got (decoded where the vendor sends base64) and the transcript it read. JDK only.
 *
 * <p>Usage: {@code SpeechVendorsApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class SpeechVendorsApp {
  public static final String TEXT = "Fish & chips for two at seven.";
  public static final String SSML = "<speak version='1.0' xml:lang='en-US'><voice name='en-US-AvaNeural'>"
      + "Fish &amp; chips <break time='100ms'/>for two at seven.</voice></speak>";
  public static final String[] SCENARIOS = {
    "cartesiaBytes", "cartesiaSse", "azureTts", "azureStt", "googleTts", "googleStt", "polly",
    "openAiSpeechSse", "openAiTranscriptionStream", "deepgramListen",
  };
  /** Utterance audio the STT scenarios send: 1.5 s of 16 kHz 16-bit PCM. */
  public static final int UTTERANCE_BYTES = 48_000;
  private static final Pattern BASE64_MEMBER = Pattern.compile("\"(?:data|audio|audioContent)\"\\s*:\\s*\"([A-Za-z0-9+/=]*)\"");
  private static final Pattern TEXT_MEMBER =
      Pattern.compile("\"(?:DisplayText|transcript|text)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SpeechVendorsApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    SpeechVendorsApp app = new SpeechVendorsApp(args[0]);
    app.cartesiaBytes();
    app.cartesiaSse();
    app.azureTts();
    app.azureStt();
    app.googleTts();
    app.googleStt();
    app.polly();
    app.openAiSpeechSse();
    app.openAiTranscriptionStream();
    app.deepgramListen();
    System.out.println("APP_DONE");
  }

  private HttpRequest.Builder post(String path, String contentType, String body) {
    return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(20))
        .header("Content-Type", contentType)
        .POST(HttpRequest.BodyPublishers.ofString(body));
  }

  private static String cartesiaJson(String encoding, int rate) {
    return "{\"model_id\":\"sonic-2\",\"transcript\":\"" + TEXT + "\",\"voice\":{\"mode\":\"id\","
        + "\"id\":\"a0e99841-438c-4a64-b679-ae501e7d6091\"},\"output_format\":{\"container\":\"raw\","
        + "\"encoding\":\"" + encoding + "\",\"sample_rate\":" + rate + "},\"language\":\"en\"}";
  }

  public void cartesiaBytes() throws Exception {
    HttpResponse<byte[]> r = http.send(post("/tts/bytes", "application/json", cartesiaJson("pcm_s16le", 16000))
        .header("Cartesia-Version", "2025-04-16").header("X-API-Key", "sk_car_app").build(),
        HttpResponse.BodyHandlers.ofByteArray());
    report("cartesiaBytes", r.statusCode(), r.body().length, "");
  }

  public void cartesiaSse() throws Exception {
    HttpResponse<InputStream> r = http.send(post("/tts/sse", "application/json", cartesiaJson("pcm_mulaw", 8000))
        .header("Cartesia-Version", "2025-04-16").header("X-API-Key", "sk_car_app").build(),
        HttpResponse.BodyHandlers.ofInputStream());
    report("cartesiaSse", r.statusCode(), decodedAudio(readAll(r.body())), "");
  }

  public void azureTts() throws Exception {
    HttpResponse<byte[]> r = http.send(post("/cognitiveservices/v1", "application/ssml+xml", SSML)
        .header("X-Microsoft-OutputFormat", "raw-8khz-8bit-mono-mulaw")
        .header("Ocp-Apim-Subscription-Key", "azure-app-key").build(), HttpResponse.BodyHandlers.ofByteArray());
    report("azureTts", r.statusCode(), r.body().length, "");
  }

  public void azureStt() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl
            + "/speech/recognition/conversation/cognitiveservices/v1?language=en-US&format=detailed"))
        .header("Content-Type", "audio/wav; codecs=audio/pcm; samplerate=16000")
        .header("Ocp-Apim-Subscription-Key", "azure-app-key")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[UTTERANCE_BYTES])).build(),
        HttpResponse.BodyHandlers.ofString());
    report("azureStt", r.statusCode(), 0, transcript(r.body()));
  }

  public void googleTts() throws Exception {
    String json = "{\"input\":{\"text\":\"" + TEXT + "\"},\"voice\":{\"languageCode\":\"en-US\","
        + "\"name\":\"en-US-Chirp3-HD-Charon\"},\"audioConfig\":{\"audioEncoding\":\"LINEAR16\",\"sampleRateHertz\":16000}}";
    HttpResponse<String> r = http.sendAsync(post("/v1/text:synthesize?key=google-app-key", "application/json", json)
        .build(), HttpResponse.BodyHandlers.ofString()).get();
    report("googleTts", r.statusCode(), decodedAudio(r.body()), "");
  }

  public void googleStt() throws Exception {
    String json = "{\"config\":{\"encoding\":\"LINEAR16\",\"sampleRateHertz\":16000,\"languageCode\":\"en-US\","
        + "\"model\":\"latest_short\"},\"audio\":{\"content\":\""
        + Base64.getEncoder().encodeToString(new byte[UTTERANCE_BYTES]) + "\"}}";
    HttpResponse<String> r = http.send(post("/v1/speech:recognize?key=google-app-key", "application/json", json)
        .build(), HttpResponse.BodyHandlers.ofString());
    StringBuilder text = new StringBuilder();
    Matcher m = TEXT_MEMBER.matcher(r.body());
    while (m.find()) {
      text.append(m.group(1));
    }
    report("googleStt", r.statusCode(), 0, text.toString());
  }

  public void polly() throws Exception {
    String json = "{\"Engine\":\"neural\",\"OutputFormat\":\"pcm\",\"SampleRate\":\"16000\",\"Text\":\""
        + SSML.replace("'", "\\\"") + "\",\"TextType\":\"ssml\",\"VoiceId\":\"Joanna\"}";
    HttpResponse<InputStream> r = http.send(post("/v1/speech", "application/json", json).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    report("polly", r.statusCode(), readAll(r.body()).length, "");
  }

  public void openAiSpeechSse() throws Exception {
    String json = "{\"model\":\"gpt-4o-mini-tts\",\"input\":\"" + TEXT + "\",\"voice\":\"coral\","
        + "\"response_format\":\"pcm\",\"stream_format\":\"sse\"}";
    HttpResponse<InputStream> r = http.send(post("/v1/audio/speech", "application/json", json)
        .header("Authorization", "Bearer sk-app").build(), HttpResponse.BodyHandlers.ofInputStream());
    report("openAiSpeechSse", r.statusCode(), decodedAudio(readAll(r.body())), "");
  }

  public void openAiTranscriptionStream() throws Exception {
    String b = "vtboundary";
    ByteArrayOutputStream form = new ByteArrayOutputStream();
    form.write(("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    form.write(new byte[UTTERANCE_BYTES]);
    form.write(("\r\n--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-mini-transcribe\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"stream\"\r\n\r\ntrue\r\n--" + b + "--\r\n")
        .getBytes(StandardCharsets.US_ASCII));
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/audio/transcriptions"))
        .header("Content-Type", "multipart/form-data; boundary=" + b).header("Authorization", "Bearer sk-app")
        .header("x-call-sid", "CA" + ProcessHandle.current().pid()) // the fake's first caller line, in every JVM
        .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray())).build(),
        HttpResponse.BodyHandlers.ofInputStream());
    String events = new String(readAll(r.body()), StandardCharsets.UTF_8);
    Matcher done = Pattern.compile("\"type\":\"transcript\\.text\\.done\",\"text\":\"((?:[^\"\\\\]|\\\\.)*)\"")
        .matcher(events);
    report("openAiTranscriptionStream", r.statusCode(), 0, done.find() ? done.group(1) : "");
  }

  public void deepgramListen() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/v1/listen?model=nova-3&detect_language=true"))
        .header("Content-Type", "audio/wav").header("Authorization", "Token dg-app")
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[UTTERANCE_BYTES])).build(),
        HttpResponse.BodyHandlers.ofString());
    report("deepgramListen", r.statusCode(), 0, transcript(r.body()));
  }

  private static byte[] readAll(InputStream in) throws Exception {
    try (InputStream s = in) {
      return ClientScenarios.readInPieces(s, 512);
    }
  }

  /** Audio bytes inside base64 members of a JSON body or SSE events, decoded as the app would play them. */
  private static long decodedAudio(byte[] body) {
    return decodedAudio(new String(body, StandardCharsets.UTF_8));
  }

  private static long decodedAudio(String body) {
    long n = 0;
    Matcher m = BASE64_MEMBER.matcher(body);
    while (m.find()) {
      n += Base64.getDecoder().decode(m.group(1)).length;
    }
    return n;
  }

  private static String transcript(String json) {
    Matcher m = TEXT_MEMBER.matcher(json);
    return m.find() ? m.group(1) : "";
  }

  private static void report(String scenario, int status, long audio, String text) {
    System.out.println("RESULT scenario=" + scenario + " status=" + status + " audio=" + audio + " text=" + text);
  }
}
