package dev.voicetrace.smoke.apps;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;

/**
 * The {@link ClientScenarios} over the JDK {@code HttpClient}, with the body handlers the other JDK
 * tests do not use: {@code ofPublisher()} subscribed and read to its end, {@code ofInputStream()} read
 * partially then closed (barge-in), {@code ofFile()} with a one-shot {@code ofInputStream} request
 * body, the chat stream through {@code sendAsync} + {@code ofInputStream()} read in small pieces, and a
 * 500 through {@code ofString()}. JDK only.
 *
 * <p>Usage: {@code JdkBodyHandlersApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class JdkBodyHandlersApp {
  private final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  JdkBodyHandlersApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    JdkBodyHandlersApp app = new JdkBodyHandlersApp(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    System.out.println("APP_DONE");
  }

  private HttpRequest.Builder tts(String voice) {
    return HttpRequest.newBuilder(URI.create(baseUrl + ClientScenarios.ttsPath(voice)))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .header("xi-api-key", "xi-jdk-app");
  }

  /** {@code ofPublisher()}: the app subscribes itself and requests one list of buffers at a time. */
  public void ttsFull() throws Exception {
    HttpRequest request = tts(ClientScenarios.VOICE_FULL).POST(BodyPublishers.ofString(ClientScenarios.ttsJson())).build();
    HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.send(request, BodyHandlers.ofPublisher());
    byte[] audio = readAll(response.body(), ClientScenarios::done);
    ClientScenarios.report("ttsFull", response.statusCode(), audio);
  }

  /**
   * Subscribes to an {@code ofPublisher()} body itself, requesting one list of buffers at a time, to its
   * end; {@code atEnd} runs as it ends. The bytes received.
   */
  static byte[] readAll(Flow.Publisher<List<ByteBuffer>> body, Runnable atEnd) throws Exception {
    AudioSubscriber audio = new AudioSubscriber(atEnd);
    body.subscribe(audio);
    return audio.done.get();
  }

  /** {@code ofInputStream()}: the first bytes, then the stream closed (barge-in). */
  public void ttsPartial() throws Exception {
    HttpRequest request = tts(ClientScenarios.VOICE_PARTIAL).POST(BodyPublishers.ofString(ClientScenarios.ttsJson())).build();
    HttpResponse<InputStream> response = client.send(request, BodyHandlers.ofInputStream());
    InputStream in = response.body();
    byte[] head = ClientScenarios.readAtMost(in, ClientScenarios.PARTIAL_BYTES);
    ClientScenarios.done();
    in.close();
    ClientScenarios.report("ttsPartial", response.statusCode(), head);
  }

  /** {@code ofFile()}, the request body a one-shot {@code ofInputStream} supplier. */
  public void ttsStream() throws Exception {
    Path file = Files.createTempFile("voicetrace-jdk-app", ".ulaw");
    try {
      byte[] json = ClientScenarios.ttsJson().getBytes(StandardCharsets.UTF_8);
      HttpRequest request = tts(ClientScenarios.VOICE_STREAM)
          .POST(BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json))).build();
      HttpResponse<Path> response = client.send(request, BodyHandlers.ofFile(file));
      ClientScenarios.report("ttsStream", response.statusCode(), Files.readAllBytes(response.body()));
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** {@code sendAsync} + {@code ofInputStream()}, the SSE read in small pieces as it arrives. */
  public void chatStream() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(20))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-jdk-app")
        .POST(BodyPublishers.ofString(ClientScenarios.chatJson())).build();
    HttpResponse<InputStream> response = client.sendAsync(request, BodyHandlers.ofInputStream()).get();
    try (InputStream in = response.body()) {
      byte[] body = ClientScenarios.readInPieces(in, 64);
      ClientScenarios.report("chatStream", response.statusCode(), body, ClientScenarios.chatContent(body));
    }
  }

  /** A 500 read with {@code ofString()}. */
  public void ttsFail() throws Exception {
    HttpRequest request = tts(ClientScenarios.VOICE_FAIL).POST(BodyPublishers.ofString(ClientScenarios.ttsJson())).build();
    HttpResponse<String> response = client.send(request, BodyHandlers.ofString());
    ClientScenarios.report("ttsFail", response.statusCode(), response.body().getBytes(StandardCharsets.UTF_8));
  }
}
