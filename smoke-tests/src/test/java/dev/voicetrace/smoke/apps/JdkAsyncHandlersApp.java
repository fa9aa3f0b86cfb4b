package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The {@link ClientScenarios} over the JDK {@code HttpClient}'s {@code sendAsync} with the push-style body
 * handlers a bot streams audio with: {@code ofByteArrayConsumer} (each chunk handed on as it arrives, as to
 * a phone line) awaited to its end; the same cancelled with {@code cancel(true)} on the future once {@link
 * ClientScenarios#PARTIAL_BYTES} have arrived (barge-in); {@code fromSubscriber} with the app's own {@code
 * Flow.Subscriber}; the chat stream through {@code fromLineSubscriber} (SSE lines); a 500 through {@code
 * discarding()}.
 *
 * <p>Usage: {@code JdkAsyncHandlersApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class JdkAsyncHandlersApp {
  private static final long WAIT_SECONDS = 20;
  private final String baseUrl;
  private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  JdkAsyncHandlersApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    JdkAsyncHandlersApp app = new JdkAsyncHandlersApp(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    System.out.println("APP_DONE");
  }

  private HttpRequest tts(String voice) {
    return HttpRequest.newBuilder(URI.create(baseUrl + ClientScenarios.ttsPath(voice)))
        .timeout(Duration.ofSeconds(WAIT_SECONDS))
        .header("Content-Type", "application/json")
        .header("xi-api-key", "xi-jdk-async-app")
        .POST(BodyPublishers.ofString(ClientScenarios.ttsJson()))
        .build();
  }

  /** {@code ofByteArrayConsumer}: every chunk handed on as it arrives; the future awaited to the end. */
  public void ttsFull() throws Exception {
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    HttpResponse<Void> response = client.sendAsync(tts(ClientScenarios.VOICE_FULL),
        BodyHandlers.ofByteArrayConsumer(chunk -> chunk.ifPresent(bytes -> line.write(bytes, 0, bytes.length))))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    ClientScenarios.report("ttsFull", response.statusCode(), line.toByteArray());
  }

  /**
   * {@code ofByteArrayConsumer} again, the future cancelled with {@code cancel(true)} from the app's thread
   * once {@link ClientScenarios#PARTIAL_BYTES} have arrived: the caller spoke over the bot.
   */
  public void ttsPartial() throws Exception {
    PartialLine line = new PartialLine();
    CompletableFuture<HttpResponse<Void>> future = client.sendAsync(tts(ClientScenarios.VOICE_PARTIAL),
        BodyHandlers.ofByteArrayConsumer(line));
    line.enough.get(WAIT_SECONDS, TimeUnit.SECONDS);
    ClientScenarios.done();
    future.cancel(true);
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new IllegalStateException("the cancelled exchange completed");
    } catch (CancellationException expected) {
      // barge-in: the rest of the audio is not wanted
    } catch (ExecutionException e) {
      // the client may have completed the future with its own CancellationException ("Request cancelled")
      // before the future's cancel got to mark it cancelled
      if (!(e.getCause() instanceof CancellationException)) {
        throw e;
      }
    }
    ClientScenarios.report("ttsPartial", line.status, line.kept(), null, line.handed());
  }

  /** Keeps the first {@link ClientScenarios#PARTIAL_BYTES} bytes; counts every byte it is handed. */
  private static final class PartialLine implements Consumer<Optional<byte[]>> {
    final CompletableFuture<Void> enough = new CompletableFuture<>();
    final int status = 200;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private long handed;

    @Override
    public synchronized void accept(Optional<byte[]> chunk) {
      if (chunk.isEmpty()) {
        enough.completeExceptionally(new IllegalStateException("the audio ended before the barge-in"));
        return;
      }
      byte[] bytes = chunk.get();
      handed += bytes.length;
      kept.write(bytes, 0, (int) Math.min(bytes.length, ClientScenarios.PARTIAL_BYTES - kept.size()));
      if (kept.size() >= ClientScenarios.PARTIAL_BYTES) {
        enough.complete(null);
      }
    }

    synchronized byte[] kept() {
      return kept.toByteArray();
    }

    synchronized long handed() {
      return handed;
    }
  }

  /** {@code fromSubscriber}: the app's own subscriber, one list of buffers at a time, its result the bytes. */
  public void ttsStream() throws Exception {
    HttpResponse<byte[]> response = client.sendAsync(tts(ClientScenarios.VOICE_STREAM),
        BodyHandlers.fromSubscriber(new AudioSubscriber(() -> { }), AudioSubscriber::bytes))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    ClientScenarios.report("ttsStream", response.statusCode(), response.body());
  }

  /** {@code fromLineSubscriber}: the SSE chat stream line by line, as hand-written streaming clients read it. */
  public void chatStream() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .timeout(Duration.ofSeconds(WAIT_SECONDS))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-jdk-async-app")
        .POST(BodyPublishers.ofString(ClientScenarios.chatJson())).build();
    HttpResponse<String> response = client.sendAsync(request,
        BodyHandlers.fromLineSubscriber(new LineSubscriber(), LineSubscriber::text, "\n"))
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
    ClientScenarios.report("chatStream", response.statusCode(), body, ClientScenarios.chatContent(body));
  }

  private static final class LineSubscriber implements Flow.Subscriber<String> {
    private final StringBuilder text = new StringBuilder();
    private Flow.Subscription subscription;

    @Override
    public void onSubscribe(Flow.Subscription s) {
      subscription = s;
      s.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      text.append(line).append('\n');
    }

    @Override
    public void onError(Throwable error) {}

    @Override
    public void onComplete() {}

    String text() {
      return text.toString();
    }
  }

  /** A 500, its body discarded. */
  public void ttsFail() throws Exception {
    HttpResponse<Void> response = client.sendAsync(tts(ClientScenarios.VOICE_FAIL), BodyHandlers.discarding())
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    ClientScenarios.report("ttsFail", response.statusCode(), new byte[0]);
  }
}
