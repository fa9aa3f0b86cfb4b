package dev.voicetrace.smoke.apps;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * ElevenLabs streaming TTS over OkHttp ({@code execute}), three ways, each a session method:
 * {@code ttsBytes} reads the body with {@code ResponseBody.bytes()}, {@code ttsPartial} reads {@link
 * ClientScenarios#PARTIAL_BYTES} from {@code byteStream()} and closes it (barge-in), {@code ttsCancel}
 * reads as many and calls {@code Call.cancel()}, then reads on until the cancel stops it and closes.
 * After each it prints {@code RESULT case=… status=… bytes=… atMicros=… after=… error=…}: the bytes
 * read up to the end, close or cancel, and the wall-clock time (epoch µs) just before that end, close
 * or cancel call; {@code after} and {@code error} are what reading on after a cancel gave.
 *
 * <p>Usage: {@code OkHttpSpeechApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class OkHttpSpeechApp {
  public static final String[] CASES = {"ttsBytes", "ttsPartial", "ttsCancel"};

  private final String baseUrl;
  /**
   * The system property that makes the client speak HTTP/2 over cleartext with prior knowledge (OkHttp's
   * {@code H2_PRIOR_KNOWLEDGE}, an {@code http://} server known to speak HTTP/2) instead of HTTP/1.1.
   */
  public static final String H2_PRIOR_KNOWLEDGE = "app.h2PriorKnowledge";

  private final OkHttpClient http = client();

  OkHttpSpeechApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    // which OkHttp this run is on (the test runs the app on OkHttp 4 and on OkHttp 5)
    System.out.println("OKHTTP_JAR " + OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation());
    OkHttpSpeechApp app = new OkHttpSpeechApp(args[0]);
    app.warmUp();
    app.ttsBytes();
    app.ttsPartial();
    app.ttsCancel();
    http(app).dispatcher().executorService().shutdown();
    http(app).connectionPool().evictAll();
    System.out.println("APP_DONE");
  }

  private static OkHttpClient client() {
    OkHttpClient.Builder b = new OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS);
    if (Boolean.getBoolean(H2_PRIOR_KNOWLEDGE)) {
      b.protocols(java.util.List.of(okhttp3.Protocol.H2_PRIOR_KNOWLEDGE));
    }
    return b.build();
  }

  private static OkHttpClient http(OkHttpSpeechApp app) {
    return app.http;
  }

  /**
   * Requests outside any call before the timed ones: a plain one (the fake answers 404), then each case
   * once (spans of their own, in no session), so that the connection is up and the classes and advice
   * call sites the client and the agent use for a speech call, its close and its cancel are loaded and
   * linked. Without it the first timed call of each kind paid that: 11 ms between the body's last read
   * and {@code bytes()} returning and a time to first byte 40 ms over the server's delay (Temurin 25,
   * indy pass), 15 ms between {@code Call.cancel()} and the span's end (JDK 17, indy pass, OkHttp 5).
   */
  private void warmUp() throws IOException {
    try (Response r = http.newCall(new Request.Builder().url(baseUrl + "/health").build()).execute()) {
      r.body().bytes();
    }
    readAll("voice-warm-up", null);
    readPartly("voice-warm-up", null);
    cancelAfterPartOfIt("voice-warm-up", null);
  }

  private Call tts(String voice) {
    return http.newCall(new Request.Builder().url(baseUrl + ClientScenarios.ttsPath(voice))
        .header("xi-api-key", "xi-okhttp-app")
        .post(RequestBody.create(ClientScenarios.ttsJson(), MediaType.get("application/json")))
        .build());
  }

  public void ttsBytes() throws IOException {
    readAll("voice-bytes", "ttsBytes");
  }

  public void ttsPartial() throws IOException {
    readPartly("voice-partial", "ttsPartial");
  }

  public void ttsCancel() throws IOException {
    cancelAfterPartOfIt("voice-cancel", "ttsCancel");
  }

  /** {@code result}: the case to report as, or {@code null} (a warm-up: nothing reported). */
  private void readAll(String voice, String result) throws IOException {
    try (Response r = tts(voice).execute()) {
      byte[] audio = r.body().bytes();
      report(result, r.code(), audio.length, now(), 0, "none");
    }
  }

  private void readPartly(String voice, String result) throws IOException {
    Response r = tts(voice).execute();
    InputStream in = r.body().byteStream();
    byte[] head = ClientScenarios.readAtMost(in, ClientScenarios.PARTIAL_BYTES);
    long at = now();
    in.close(); // barge-in: the rest of the audio is not wanted
    report(result, r.code(), head.length, at, 0, "none");
  }

  private void cancelAfterPartOfIt(String voice, String result) throws IOException {
    Call call = tts(voice);
    Response r = call.execute();
    InputStream in = r.body().byteStream();
    byte[] head = ClientScenarios.readAtMost(in, ClientScenarios.PARTIAL_BYTES);
    long at = now();
    call.cancel(); // barge-in, from the call
    long after = 0;
    String error = "none";
    try {
      byte[] buffer = new byte[512];
      int n;
      while ((n = in.read(buffer)) != -1) {
        after += n;
      }
    } catch (IOException e) {
      error = e.getClass().getName() + ":" + e.getMessage();
    } finally {
      r.close();
    }
    report(result, r.code(), head.length, at, after, error);
  }

  private static long now() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  private static void report(String name, int status, long bytes, long atMicros, long after, String error) {
    if (name == null) {
      return;
    }
    System.out.println("RESULT case=" + name + " status=" + status + " bytes=" + bytes + " atMicros=" + atMicros
        + " after=" + after + " error=" + error.replace(' ', '_'));
  }
}
