package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A TTS request the provider redirects (307 and 308, which keep the method and body), followed by the
 * client itself: the JDK {@code HttpClient} with {@code followRedirects(NORMAL)} and OkHttp (which follows
 * by default), the audio read to its end. The fake server redirects on the {@code x-fake-fault:
 * redirect=CODE} header to the same path with {@code redirected=1} added.
 *
 * <p>Usage: {@code RedirectApp <fake provider base url>}; prints {@code RESULT case=<client>-<code>
 * status=… bytes=… sha256=…} per request, then {@code APP_DONE}. Each {@link #tts} call is one voice
 * session (named in {@code session.methods} by the test).
 */
public class RedirectApp {
  public static final String[] CASES = {"jdk-307", "jdk-308", "okhttp-307", "okhttp-308"};

  private final String baseUrl;
  private final HttpClient jdk = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final OkHttpClient okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();

  RedirectApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    RedirectApp app = new RedirectApp(args[0]);
    for (String c : CASES) {
      app.tts(c);
    }
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    System.out.println("APP_DONE");
  }

  /** One TTS request, {@code "<client>-<redirect status>"}, read to its end. */
  public void tts(String name) throws Exception {
    String client = name.substring(0, name.indexOf('-'));
    String code = name.substring(name.indexOf('-') + 1);
    String url = baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_FULL);
    int status;
    byte[] audio;
    if (client.equals("jdk")) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json")
          .header("xi-api-key", "xi-redirect-app")
          .header("x-fake-fault", "redirect=" + code)
          .POST(BodyPublishers.ofString(ClientScenarios.ttsJson()))
          .build();
      HttpResponse<InputStream> response = jdk.send(request, BodyHandlers.ofInputStream());
      status = response.statusCode();
      try (InputStream in = response.body()) {
        audio = in.readAllBytes();
      }
    } else {
      Request request = new Request.Builder().url(url)
          .header("xi-api-key", "xi-redirect-app")
          .header("x-fake-fault", "redirect=" + code)
          .post(RequestBody.create(ClientScenarios.ttsJson(), MediaType.get("application/json")))
          .build();
      try (Response response = okHttp.newCall(request).execute()) {
        status = response.code();
        audio = response.body().bytes();
      }
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
    System.out.println("RESULT case=" + name + " status=" + status + " bytes=" + audio.length + " sha256=" + sha);
  }
}
