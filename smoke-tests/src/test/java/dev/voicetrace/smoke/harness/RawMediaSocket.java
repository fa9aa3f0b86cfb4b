package dev.voicetrace.smoke.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A raw WebSocket client (JDK {@link WebSocket}, in the test JVM, no agent) for sending a bot
 * arbitrary, possibly invalid, media-stream messages.
 */
public final class RawMediaSocket implements AutoCloseable {

  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final WebSocket socket;
  private final List<String> received = new ArrayList<>();
  private final CompletableFuture<String> closed = new CompletableFuture<>();

  private RawMediaSocket(String url) {
    Listener listener = new Listener();
    try {
      this.socket = CLIENT.newWebSocketBuilder().buildAsync(URI.create(url), listener).get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot open a WebSocket to " + url, e);
    }
  }

  public static RawMediaSocket connect(String url) {
    return new RawMediaSocket(url);
  }

  /** Sends one text frame and waits until it is written. */
  public RawMediaSocket send(String text) {
    try {
      socket.sendText(text, true).get(5, TimeUnit.SECONDS);
      return this;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      throw new AssertionError("cannot send " + text + " (closed: " + closed.getNow("no") + ")", e);
    }
  }

  public List<String> received() {
    synchronized (received) {
      return List.copyOf(received);
    }
  }

  /** Whether the bot closed (or broke) the connection already; the reason when it did. */
  public String closedBy() {
    return closed.getNow(null);
  }

  /**
   * Closes the connection normally and waits until the bot answered the close (or the connection
   * ended otherwise). Returns how it ended.
   */
  public String closeAndAwait(Duration timeout) {
    try {
      if (!socket.isOutputClosed()) {
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
      }
      return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (ExecutionException | TimeoutException e) {
      socket.abort();
      throw new AssertionError("the bot did not complete the WebSocket close within " + timeout, e);
    }
  }

  @Override
  public void close() {
    if (!socket.isOutputClosed() || !socket.isInputClosed()) {
      socket.abort();
    }
  }

  private final class Listener implements WebSocket.Listener {
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        synchronized (received) {
          received.add(partial.toString());
        }
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete("close " + statusCode + " " + reason);
      return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
      closed.complete("error " + error);
    }
  }
}
