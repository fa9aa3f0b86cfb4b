package dev.voicetrace.smoke.apps;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Barge-in the way many bots write it: the bot plays the TTS stream from a task on its own executor, and
 * when the caller speaks it cancels that task with {@code future.cancel(true)}, interrupting the thread
 * that is reading the audio. The player's loop stops at the interrupt and closes the stream: {@code okhttp}
 * ({@code byteStream()}), {@code hc5} (classic, the entity's content) and {@code url}, whose blocking socket
 * reads return their chunk before the loop sees the interrupt; {@code okhttp-paced}, a player that sleeps
 * between pieces and keeps the interrupt for its next read, which OkHttp fails with {@code
 * InterruptedIOException("interrupted")}. The JDK client is left out: on JDK 17 its {@code ofInputStream()}
 * swallows an interrupt that reaches it waiting for data and goes on reading (the player then plays the whole
 * stream, with or without the agent, and its span truly ends completed), so the outcome there depends on
 * where the interrupt lands.
 *
 * <p>Usage: {@code InterruptBargeInApp <fake provider base url>}; prints {@code RESULT case=<client> bytes=<read>
 * stoppedAtMicros=<when the player stopped reading and closed the stream>} per call, then {@code APP_DONE}. Each {@link #play}
 * is one voice session (named in {@code session.methods} by the test).
 */
public class InterruptBargeInApp {
  public static final String[] CASES = {"okhttp", "okhttp-paced", "hc5", "url"};
  private static final String KEY = "xi-interrupt-app";
  private final String baseUrl;
  private final ExecutorService player = Executors.newSingleThreadExecutor();
  private final OkHttpClient okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
  private final CloseableHttpClient hc5 = HttpClients.createDefault();

  InterruptBargeInApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    InterruptBargeInApp app = new InterruptBargeInApp(args[0]);
    for (String client : CASES) {
      app.play(client);
    }
    app.player.shutdown();
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    app.hc5.close();
    System.out.println("APP_DONE");
  }

  /** Plays one TTS stream on the player thread and barges in once 1,000 bytes were read. */
  public void play(String client) throws Exception {
    CompletableFuture<Void> enough = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    long[] read = new long[1];
    long[] stoppedAt = new long[1];
    Future<?> playing = player.submit(() -> {
      try {
        InputStream audio = open(client);
        try {
          byte[] piece = new byte[256];
          int n;
          boolean paced = client.endsWith("-paced");
          while ((paced || !Thread.currentThread().isInterrupted()) && (n = audio.read(piece)) != -1) {
            read[0] += n; // on to the phone line
            if (read[0] >= ClientScenarios.PARTIAL_BYTES) {
              enough.complete(null);
            }
            if (paced) {
              pace();
            }
          }
        } catch (IOException interrupted) {
          // the interrupted read: the caller spoke
        } finally {
          // the player stops here; the close may take longer (Apache HttpClient reads the rest of the body to
          // keep the connection)
          stoppedAt[0] = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
          audio.close();
        }
      } catch (Exception e) {
        enough.completeExceptionally(e);
      } finally {
        stopped.countDown();
      }
      return null;
    });
    enough.get(20, TimeUnit.SECONDS);
    playing.cancel(true); // barge-in
    if (!stopped.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException(client + ": the player did not stop");
    }
    System.out.println("RESULT case=" + client + " bytes=" + read[0] + " stoppedAtMicros=" + stoppedAt[0]);
  }

  /**
   * A paced player waits a little between pieces and keeps the interrupt for the next blocking call, as the
   * textbook says: here the next read, which OkHttp fails with {@code InterruptedIOException("interrupted")}.
   */
  private static void pace() {
    try {
      Thread.sleep(2);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private InputStream open(String client) throws Exception {
    String url = baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_PARTIAL);
    String json = ClientScenarios.ttsJson();
    switch (client) {
      case "okhttp":
      case "okhttp-paced":
        return okHttp.newCall(new Request.Builder().url(url).header("xi-api-key", KEY)
            .post(RequestBody.create(json, MediaType.get("application/json"))).build()).execute().body().byteStream();
      case "hc5": {
        HttpPost post = new HttpPost(url);
        post.setHeader("xi-api-key", KEY);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        CloseableHttpResponse response = hc5.execute(post);
        return response.getEntity().getContent(); // closing the content releases the connection
      }
      case "url": {
        HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/json");
        c.setRequestProperty("xi-api-key", KEY);
        try (OutputStream out = c.getOutputStream()) {
          out.write(json.getBytes(StandardCharsets.UTF_8));
        }
        return c.getInputStream();
      }
      default:
        throw new IllegalArgumentException(client);
    }
  }
}
