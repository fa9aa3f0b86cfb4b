package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.http.impl.client.LaxRedirectStrategy;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;

/**
 * A TTS request the provider redirects (307 and 308, which keep the method and body), followed by the
 * client itself, the audio read to its end:
 * <ul>
 *   <li>{@code jdk}: the JDK {@code HttpClient} with {@code followRedirects(NORMAL)}, {@code ofInputStream()};
 *   <li>{@code okhttp}: OkHttp (follows by default), {@code execute} and {@code bytes()};
 *   <li>{@code hc5}: Apache HttpClient 5 classic (follows by default), {@code EntityUtils.toByteArray};
 *   <li>{@code hc5async}: Apache HttpClient 5 async (follows by default), {@code SimpleHttpRequest};
 *   <li>{@code hc4}: Apache HttpClient 4.5 with {@code LaxRedirectStrategy} (its default follows a redirected
 *       POST for no status), {@code EntityUtils.toByteArray};
 *   <li>{@code url}: {@code HttpURLConnection} (follows a POST's 307 with the body it buffered; the JDK's
 *       {@code HttpURLConnection} does not follow a 308, so that case is left out);
 *   <li>{@code reactor}: Reactor Netty's {@code HttpClient} with {@code followRedirect(true)}, the body
 *       re-sent from a publisher that makes a fresh buffer per subscription, {@code responseSingle}.
 * </ul>
 * The fake server redirects on the {@code x-fake-fault: redirect=CODE} header to the same path with
 * {@code redirected=1} added.
 *
 * <p>Usage: {@code RedirectApp <fake provider base url>}; prints {@code RESULT case=<client>-<code>
 * status=… bytes=… sha256=…} per request, then {@code APP_DONE}. Each {@link #tts} call is one voice
 * session (named in {@code session.methods} by the test).
 */
public class RedirectApp {
  public static final String[] CASES = {
    "jdk-307", "jdk-308", "okhttp-307", "okhttp-308", "hc5-307", "hc5-308", "hc5async-307", "hc5async-308",
    "hc4-307", "hc4-308", "url-307", "reactor-307", "reactor-308"};

  private static final String KEY = "xi-redirect-app";
  private final String baseUrl;
  private final HttpClient jdk = HttpClient.newBuilder()
      .followRedirects(HttpClient.Redirect.NORMAL)
      .connectTimeout(Duration.ofSeconds(5))
      .build();
  private final OkHttpClient okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
  private final CloseableHttpClient hc5 = HttpClients.createDefault();
  private final CloseableHttpAsyncClient hc5Async = HttpAsyncClients.createDefault();
  private final org.apache.http.impl.client.CloseableHttpClient hc4 = org.apache.http.impl.client.HttpClients
      .custom().setRedirectStrategy(LaxRedirectStrategy.INSTANCE).build();
  private final reactor.netty.http.client.HttpClient reactorNetty = reactor.netty.http.client.HttpClient.create()
      .headers(h -> h.set("content-type", "application/json"))
      .followRedirect(true);

  RedirectApp(String baseUrl) {
    this.baseUrl = baseUrl;
    hc5Async.start();
  }

  public static void main(String[] args) throws Exception {
    RedirectApp app = new RedirectApp(args[0]);
    for (String c : CASES) {
      app.tts(c);
    }
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    app.hc5.close();
    app.hc5Async.close(CloseMode.GRACEFUL);
    app.hc4.close();
    ReactorNettyApp.shutDown();
    System.out.println("APP_DONE");
  }

  /** One TTS request, {@code "<client>-<redirect status>"}, read to its end. */
  public void tts(String name) throws Exception {
    String client = name.substring(0, name.indexOf('-'));
    String fault = "redirect=" + name.substring(name.indexOf('-') + 1);
    String url = baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_FULL);
    String json = ClientScenarios.ttsJson();
    int status;
    byte[] audio;
    switch (client) {
      case "jdk" -> {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
            .timeout(Duration.ofSeconds(20))
            .header("Content-Type", "application/json")
            .header("xi-api-key", KEY)
            .header("x-fake-fault", fault)
            .POST(BodyPublishers.ofString(json))
            .build();
        HttpResponse<InputStream> response = jdk.send(request, BodyHandlers.ofInputStream());
        status = response.statusCode();
        try (InputStream in = response.body()) {
          audio = in.readAllBytes();
        }
      }
      case "okhttp" -> {
        Request request = new Request.Builder().url(url)
            .header("xi-api-key", KEY)
            .header("x-fake-fault", fault)
            .post(RequestBody.create(json, MediaType.get("application/json")))
            .build();
        try (Response response = okHttp.newCall(request).execute()) {
          status = response.code();
          audio = response.body().bytes();
        }
      }
      case "hc5" -> {
        HttpPost post = new HttpPost(url);
        post.setHeader("xi-api-key", KEY);
        post.setHeader("x-fake-fault", fault);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        try (CloseableHttpResponse response = hc5.execute(post)) {
          status = response.getCode();
          audio = EntityUtils.toByteArray(response.getEntity());
        }
      }
      case "hc5async" -> {
        SimpleHttpRequest request = SimpleRequestBuilder.post(url)
            .setHeader("xi-api-key", KEY)
            .setHeader("x-fake-fault", fault)
            .setBody(json, ContentType.APPLICATION_JSON)
            .build();
        SimpleHttpResponse response = hc5Async.execute(request, null).get(20, TimeUnit.SECONDS);
        status = response.getCode();
        audio = response.getBodyBytes() == null ? new byte[0] : response.getBodyBytes();
      }
      case "hc4" -> {
        org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
        post.setHeader("xi-api-key", KEY);
        post.setHeader("x-fake-fault", fault);
        post.setEntity(new org.apache.http.entity.StringEntity(json,
            org.apache.http.entity.ContentType.APPLICATION_JSON));
        try (org.apache.http.client.methods.CloseableHttpResponse response = hc4.execute(post)) {
          status = response.getStatusLine().getStatusCode();
          audio = org.apache.http.util.EntityUtils.toByteArray(response.getEntity());
        }
      }
      case "url" -> {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("xi-api-key", KEY);
        c.setRequestProperty("x-fake-fault", fault);
        try (OutputStream out = c.getOutputStream()) {
          out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        status = c.getResponseCode();
        try (InputStream in = c.getInputStream()) {
          audio = in.readAllBytes();
        }
      }
      case "reactor" -> {
        int[] code = new int[1];
        audio = reactorNetty.headers(h -> h.set("xi-api-key", KEY).set("x-fake-fault", fault))
            .post().uri(url)
            .send(ByteBufFlux.fromString(Mono.just(json)))
            .responseSingle((response, body) -> {
              code[0] = response.status().code();
              return body.asByteArray().defaultIfEmpty(new byte[0]);
            })
            .block(Duration.ofSeconds(20));
        status = code[0];
      }
      default -> throw new IllegalArgumentException(name);
    }
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(audio));
    System.out.println("RESULT case=" + name + " status=" + status + " bytes=" + audio.length + " sha256=" + sha);
  }
}
