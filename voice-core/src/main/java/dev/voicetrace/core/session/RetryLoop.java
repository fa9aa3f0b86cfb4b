package dev.voicetrace.core.session;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import io.opentelemetry.context.Scope;

/**
 * An SDK's retry loop: the HTTP requests it makes are attempts of one provider call. The first
 * attempt's stage span stays open across failed attempts; when the loop ends, a last attempt that
 * failed ends it, and a last attempt that succeeded ends it as usual when its body has been consumed.
 *
 * <p>A blocking loop (openai-java's {@code RetryingHttpClient.execute}) runs on one thread: every
 * request that thread makes until the loop returns is an attempt. An asynchronous loop ({@code
 * executeAsync}) sends each attempt from whichever thread the previous one's outcome and the back-off
 * completed on, and the client runs it on yet another: the loop travels in the OTel Context the
 * attempt is sent under (the context the loop began in, plus the loop), and only a request the loop
 * announced counts as an attempt, so that the application's own requests made in a callback of the
 * loop's future (same context) stay calls of their own.
 */
final class RetryLoop {
  static final ContextKey<RetryLoop> KEY = ContextKey.named("voicetrace-retry-loop");

  volatile StageCall call;
  /** Asynchronous loops: the context the loop began in, under which every attempt is sent. */
  private final Context origin;
  /** Asynchronous loops: attempts announced and not yet seen at the HTTP layer. */
  private int announced;

  /** A blocking loop. */
  RetryLoop() {
    this.origin = null;
  }

  /** An asynchronous loop that began in {@code origin}. */
  RetryLoop(Context origin) {
    this.origin = origin;
  }

  static RetryLoop fromContext(Context context) {
    return context.get(KEY);
  }

  /** An asynchronous attempt is about to be sent: makes the loop current for the sending code. */
  Scope attemptAnnounced() {
    synchronized (this) {
      announced++;
    }
    return origin.with(KEY, this).makeCurrent();
  }

  /**
   * Whether a request made now belongs to this loop: always for a blocking loop (its thread is
   * inside the loop), for an asynchronous one only if an attempt was announced and not yet taken.
   */
  synchronized boolean takeAttempt() {
    if (origin == null) {
      return true;
    }
    if (announced == 0) {
      return false;
    }
    announced--;
    return true;
  }

  void ended() {
    StageCall c = call;
    if (c != null) {
      c.retryLoopEnded();
    }
  }
}
