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
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Barge-in the way many bots write it: the bot plays the TTS stream from a task on its own executor, and when the
 * caller speaks another thread stops it, once 1,000 bytes were played. Two ways of stopping it:
 * <ul>
 *   <li>interrupting the player ({@code future.cancel(true)} on its task; the cases named by the client alone):
 *       its loop stops at the interrupt and closes the stream. {@code okhttp} ({@code byteStream()}), {@code hc5}
 *       (classic, the entity's content) and {@code url}, whose blocking socket reads return their chunk before the
 *       loop sees the interrupt; {@code okhttp-paced}, a player that sleeps between pieces and keeps the interrupt
 *       for its next read, which OkHttp fails with {@code InterruptedIOException("interrupted")};
 *   <li>aborting the request ({@code -abort}, {@code -disconnect}): Apache HttpClient 5's {@code
 *       HttpPost.cancel()}, Apache HttpClient 4's {@code HttpPost.abort()}, {@code HttpURLConnection.disconnect()};
 *       the player's blocked read then fails, and it closes the stream.
 * </ul>
 * The JDK client is left out: on JDK 17 its {@code ofInputStream()} swallows an interrupt that reaches it waiting
 * for data and goes on reading (the player then plays the whole stream, with or without the agent, and its span
 * truly ends completed), so the outcome depends on where the interrupt lands; its future's {@code cancel(true)} is
 * in {@link JdkAsyncHandlersApp}.
 *
 * <p>Usage: {@code PlayerBargeInApp <fake provider base url>}; prints {@code RESULT case=<case> bytes=<played>
 * bargedInAtMicros=<when the other thread stopped it> stoppedAtMicros=<when the player stopped>} per call, then {@code APP_DONE}. Each {@link #play} is one voice
 * session (named in {@code session.methods} by the test).
 */
public class PlayerBargeInApp {
  public static final String[] CASES = {
    "okhttp", "okhttp-paced", "hc5", "url", "hc5-abort", "hc4-abort", "url-disconnect"};
  /** The bytes played before the caller speaks. */
  public static final int PLAYED_BEFORE_BARGE_IN = ClientScenarios.PARTIAL_BYTES;
  private static final String KEY = "xi-player-app";
  private final String baseUrl;
  private final ExecutorService player = Executors.newSingleThreadExecutor();
  private final OkHttpClient okHttp = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(20)).build();
  private final CloseableHttpClient hc5 = HttpClients.createDefault();
  private final org.apache.http.impl.client.CloseableHttpClient hc4 =
      org.apache.http.impl.client.HttpClients.createDefault();

  PlayerBargeInApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    PlayerBargeInApp app = new PlayerBargeInApp(args[0]);
    for (String c : CASES) {
      app.play(c);
    }
    app.player.shutdown();
    app.okHttp.dispatcher().executorService().shutdown();
    app.okHttp.connectionPool().evictAll();
    app.hc5.close();
    app.hc4.close();
    System.out.println("APP_DONE");
  }

  /** A TTS stream being played, and how another thread can abort its request. */
  private record Playback(InputStream audio, Runnable abort) {}

  /** Plays one TTS stream on the player thread and barges in once 1,000 bytes were played. */
  public void play(String name) throws Exception {
    CompletableFuture<Playback> enough = new CompletableFuture<>();
    CountDownLatch stopped = new CountDownLatch(1);
    long[] played = new long[1];
    long[] stoppedAt = new long[1];
    boolean paced = name.endsWith("-paced");
    Future<?> playing = player.submit(() -> {
      try {
        Playback playback = open(name.substring(0, name.indexOf('-') < 0 ? name.length() : name.indexOf('-')));
        try {
          byte[] piece = new byte[256];
          int n;
          while ((paced || !Thread.currentThread().isInterrupted()) && (n = playback.audio().read(piece)) != -1) {
            played[0] += n; // on to the phone line
            if (played[0] >= PLAYED_BEFORE_BARGE_IN) {
              enough.complete(playback);
            }
            if (paced) {
              pace();
            }
          }
        } catch (IOException stoppedByBargeIn) {
          // the interrupted or aborted read: the caller spoke
        } finally {
          // the player stops here; the close may take longer (Apache HttpClient reads the rest of the body to
          // keep the connection)
          stoppedAt[0] = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
          playback.audio().close();
        }
      } catch (Exception e) {
        enough.completeExceptionally(e);
      } finally {
        stopped.countDown();
      }
      return null;
    });
    Playback playback = enough.get(20, TimeUnit.SECONDS);
    long bargedInAt = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    if (name.endsWith("-abort") || name.endsWith("-disconnect")) {
      playback.abort().run(); // barge-in: the request is aborted
    } else {
      playing.cancel(true); // barge-in: the player is interrupted
    }
    if (!stopped.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException(name + ": the player did not stop");
    }
    System.out.println("RESULT case=" + name + " bytes=" + played[0] + " bargedInAtMicros=" + bargedInAt
        + " stoppedAtMicros=" + stoppedAt[0]);
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

  private Playback open(String client) throws Exception {
    String url = baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_PARTIAL);
    String json = ClientScenarios.ttsJson();
    switch (client) {
      case "okhttp": {
        okhttp3.Call call = okHttp.newCall(new Request.Builder().url(url).header("xi-api-key", KEY)
            .post(RequestBody.create(json, MediaType.get("application/json"))).build());
        return new Playback(call.execute().body().byteStream(), call::cancel);
      }
      case "hc5": {
        HttpPost post = new HttpPost(url);
        post.setHeader("xi-api-key", KEY);
        post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
        // closing the content releases the connection
        return new Playback(hc5.execute(post).getEntity().getContent(), post::cancel);
      }
      case "hc4": {
        org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
        post.setHeader("xi-api-key", KEY);
        post.setEntity(new org.apache.http.entity.StringEntity(json,
            org.apache.http.entity.ContentType.APPLICATION_JSON));
        return new Playback(hc4.execute(post).getEntity().getContent(), post::abort);
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
        return new Playback(c.getInputStream(), c::disconnect);
      }
      default:
        throw new IllegalArgumentException(client);
    }
  }
}
