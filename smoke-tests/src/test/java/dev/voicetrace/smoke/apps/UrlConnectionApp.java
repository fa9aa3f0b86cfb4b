package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * The {@link ClientScenarios} over {@code java.net.HttpURLConnection}: {@code getInputStream} read
 * fully, read partially then closed, an explicit {@code connect()} and {@code getResponseCode()}
 * before reading as a stream, the chat in fixed-length streaming mode, and a 500 read through
 * {@code getErrorStream}. JDK only.
 *
 * <p>Usage: {@code UrlConnectionApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class UrlConnectionApp {
  private final String baseUrl;

  UrlConnectionApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    UrlConnectionApp app = new UrlConnectionApp(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    System.out.println("APP_DONE");
  }

  private HttpURLConnection post(String path, String keyHeader, String key) throws Exception {
    HttpURLConnection c = (HttpURLConnection) new URL(baseUrl + path).openConnection();
    c.setRequestMethod("POST");
    c.setDoOutput(true);
    c.setConnectTimeout(5000);
    c.setReadTimeout(20000);
    c.setRequestProperty("Content-Type", "application/json");
    c.setRequestProperty(keyHeader, key);
    return c;
  }

  private static void write(HttpURLConnection c, String json) throws Exception {
    try (OutputStream out = c.getOutputStream()) {
      out.write(json.getBytes(StandardCharsets.UTF_8));
    }
  }

  public void ttsFull() throws Exception {
    HttpURLConnection c = post(ClientScenarios.ttsPath(ClientScenarios.VOICE_FULL), "xi-api-key", "xi-url-app");
    write(c, ClientScenarios.ttsJson());
    try (InputStream in = c.getInputStream()) {
      ClientScenarios.report("ttsFull", c.getResponseCode(), in.readAllBytes());
    }
  }

  public void ttsPartial() throws Exception {
    HttpURLConnection c = post(ClientScenarios.ttsPath(ClientScenarios.VOICE_PARTIAL), "xi-api-key", "xi-url-app");
    write(c, ClientScenarios.ttsJson());
    InputStream in = c.getInputStream();
    byte[] head = ClientScenarios.readAtMost(in, ClientScenarios.PARTIAL_BYTES);
    ClientScenarios.done();
    in.close(); // barge-in: the rest of the audio is not wanted
    ClientScenarios.report("ttsPartial", c.getResponseCode(), head);
  }

  public void ttsStream() throws Exception {
    HttpURLConnection c = post(ClientScenarios.ttsPath(ClientScenarios.VOICE_STREAM), "xi-api-key", "xi-url-app");
    c.setChunkedStreamingMode(0);
    c.connect();
    write(c, ClientScenarios.ttsJson());
    int status = c.getResponseCode();
    try (InputStream in = c.getInputStream()) {
      ClientScenarios.report("ttsStream", status, ClientScenarios.readInPieces(in, 256));
    }
  }

  public void chatStream() throws Exception {
    HttpURLConnection c = post("/v1/chat/completions", "Authorization", "Bearer sk-url-app");
    byte[] json = ClientScenarios.chatJson().getBytes(StandardCharsets.UTF_8);
    c.setFixedLengthStreamingMode(json.length);
    try (OutputStream out = c.getOutputStream()) {
      out.write(json);
    }
    try (InputStream in = c.getInputStream()) {
      byte[] body = ClientScenarios.readInPieces(in, 64);
      ClientScenarios.report("chatStream", c.getResponseCode(), body, ClientScenarios.chatContent(body));
    }
  }

  public void ttsFail() throws Exception {
    HttpURLConnection c = post(ClientScenarios.ttsPath(ClientScenarios.VOICE_FAIL), "xi-api-key", "xi-url-app");
    write(c, ClientScenarios.ttsJson());
    int status = c.getResponseCode();
    try (InputStream err = c.getErrorStream()) {
      ClientScenarios.report("ttsFail", status, err == null ? new byte[0] : err.readAllBytes());
    }
  }
}
