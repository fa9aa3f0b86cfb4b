package dev.voicetrace.bootstrap;

import java.nio.ByteBuffer;
import java.util.function.Function;

/**
 * One speech or LLM request in flight, as the HTTP client hooks report it. Implementations observe
 * and never alter the bytes; every method is cheap, never throws and tolerates any call order.
 */
public interface ProviderCall {

  /** Makes the stage span current so that the client's own HTTP span nests under it. */
  AutoCloseable makeCurrent();

  /** The request body is about to be written again (first attempt, redirect or retry). */
  void requestBodyStarted();

  /** Request body bytes as the client writes them ({@code bytes} is not modified or retained). */
  void requestBody(ByteBuffer bytes);

  /** The request body, when the client holds it whole. */
  void requestBody(byte[] bytes, int offset, int length);

  /** Response status and headers arrived. */
  void responseHeaders(int status, Function<String, String> header);

  /** Response body bytes arrived from the network ({@code bytes} is not modified or retained). */
  void responseBody(ByteBuffer bytes);

  /**
   * Response body bytes arrived ({@code bytes} is not modified or retained). {@code bytes} may be
   * {@code null} when {@link #needsResponseContent()} said the content is not needed: then only
   * {@code length} counts.
   */
  void responseBody(byte[] bytes, int offset, int length);

  /**
   * Response body bytes arrived from the network that the application will read later, through a
   * stream the hook observes: they mark the time to first byte, and are counted (and read) when the
   * application reads them.
   */
  default void responseBodyArrived() {}

  /**
   * How many of the response bytes reported so far the client holds in its own buffer, not yet handed to the
   * application. Asked when the call ends before the application read to the end: at its close or cancel, at the
   * abandon timeout, at the session's end; those bytes are then not counted as read.
   */
  default void bufferedUnread(java.util.function.LongSupplier heldByClient) {}

  /** Whether the response's bytes are read (SSE events, JSON usage) or only counted (audio). */
  boolean needsResponseContent();

  /** The application consumed the response to its end. */
  void completed();

  /** The request or the response transfer failed. */
  void failed(Throwable error);

  /** The application closed or cancelled the response before its end. */
  void cancelled();

  /**
   * How to tell whether the application aborted this call's request from another thread (Apache's {@code
   * cancel()}/{@code abort()}, a barge-in): a failure reported once it says yes is that cancel, not a failure.
   */
  void abortedWhen(java.util.function.BooleanSupplier abortedByApp);

  /**
   * The client's send method returned {@code returned} or threw {@code thrown}: a throw fails the
   * call now; a returned {@code CompletableFuture} fails it if it completes exceptionally, and cancels it
   * if the application cancels it (a barge-in: {@code future.cancel(true)} stops the exchange), watched by
   * a dependent stage (the client's future itself is left as it is). A success is reported by the body.
   */
  default void sendReturned(Object returned, Throwable thrown) {
    if (thrown != null) {
      failed(thrown);
    } else if (returned instanceof java.util.concurrent.CompletableFuture) {
      ((java.util.concurrent.CompletableFuture<?>) returned).whenComplete((ignored, error) -> {
        if (error == null) {
          return;
        }
        Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
            ? error.getCause() : error;
        if (cause instanceof java.util.concurrent.CancellationException) {
          cancelled();
        } else {
          failed(error);
        }
      });
    }
  }

  /**
   * For a call opened by {@link VoiceRuntime#startExchange}, once its exchange produced a response,
   * failed or was cancelled: true when no transport hook took the call over (a transport voicetrace
   * does not hook), and then none can any more and the caller reports the outcome itself; false when
   * a transport hook reports it.
   */
  boolean leftToCaller();
}
