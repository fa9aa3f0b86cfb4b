package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the tasks the JDK {@code HttpClient} hands to its executor between {@code send()} and its
 * return, for the body handlers bots use. The client moves a response's {@code getBody()} to another
 * thread for any body subscriber it did not write itself; an agent that wraps the application's
 * subscriber must not add that hop (a thread hand-off before every response reaches the bot). The
 * count varies from request to request with timing (measured without an agent: 3 tasks in 55-95 % of
 * requests, 4 in the others); the fewest over {@link #MEASURED} requests hardly varies (3), for the handlers whose {@code send()} returns at the response headers (the three here; for
 * {@code ofByteArray()} or {@code ofString()} it returns at the body's end, and how many tasks reading
 * the body took varies from run to run even without an agent).
 *
 * <p>Usage: {@code JdkClientHopsApp <fake provider base url>}; prints {@code HOPS <handler> <fewest>} per
 * handler and {@code AUDIO_BYTES <total>} (read as bytes: {@code ofInputStream} and {@code ofPublisher}), then {@code APP_DONE}. Each {@link #requests} call is one
 * voice session (named in {@code session.methods} by the test).
 */
public class JdkClientHopsApp {
  static final int WARM_UP = 5;
  static final int MEASURED = 30;
  public static final String[] HANDLERS = {"ofInputStream", "ofPublisher", "ofLines"};
  public static final int REQUESTS = HANDLERS.length * (WARM_UP + MEASURED);

  private final String baseUrl;
  private final AtomicInteger tasks = new AtomicInteger();
  private final HttpClient client;
  private long audioBytes;

  JdkClientHopsApp(String baseUrl) {
    this.baseUrl = baseUrl;
    ExecutorService pool = Executors.newCachedThreadPool(r -> {
      Thread t = new Thread(r, "hops-app-client");
      t.setDaemon(true);
      return t;
    });
    client = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5))
        .executor(task -> {
          tasks.incrementAndGet();
          pool.execute(task);
        })
        .build();
  }

  public static void main(String[] args) throws Exception {
    JdkClientHopsApp app = new JdkClientHopsApp(args[0]);
    for (String handler : HANDLERS) {
      System.out.println("HOPS " + handler + " " + app.requests(handler));
    }
    System.out.println("AUDIO_BYTES " + app.audioBytes);
    System.out.println("APP_DONE");
  }

  /**
   * {@link #WARM_UP} then {@link #MEASURED} TTS requests read with {@code handler}: the fewest tasks seen
   * (printed with how many requests took 0, 1, … 7 tasks).
   */
  public int requests(String handler) throws Exception {
    int[] seen = new int[64];
    for (int i = 0; i < WARM_UP + MEASURED; i++) {
      HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_FULL)))
          .timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json")
          .header("xi-api-key", "xi-hops-app")
          .POST(BodyPublishers.ofString(ClientScenarios.ttsJson()))
          .build();
      int before = tasks.get();
      int hops;
      long bytes;
      switch (handler) {
        case "ofInputStream" -> {
          HttpResponse<InputStream> response = client.send(request, BodyHandlers.ofInputStream());
          hops = tasks.get() - before;
          try (InputStream in = response.body()) {
            bytes = in.readAllBytes().length;
          }
        }
        case "ofPublisher" -> {
          HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = client.send(request, BodyHandlers.ofPublisher());
          hops = tasks.get() - before;
          bytes = JdkBodyHandlersApp.readAll(response.body(), () -> { }).length;
        }
        case "ofLines" -> {
          HttpResponse<Stream<String>> response = client.send(request, BodyHandlers.ofLines());
          hops = tasks.get() - before;
          try (Stream<String> lines = response.body()) {
            bytes = lines.count(); // lines, not bytes: the stage's audio bytes are compared for the other two
          }
        }
        default -> throw new IllegalArgumentException(handler);
      }
      if (!handler.equals("ofLines")) {
        audioBytes += bytes;
      }
      if (i >= WARM_UP) {
        seen[Math.min(hops, seen.length - 1)]++;
      }
    }
    System.out.println("HISTOGRAM " + handler + " " + Arrays.toString(Arrays.copyOf(seen, 8)));
    int fewest = 0;
    while (seen[fewest] == 0) {
      fewest++;
    }
    return fewest;
  }
}
