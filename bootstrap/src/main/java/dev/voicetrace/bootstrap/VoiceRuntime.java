package dev.voicetrace.bootstrap;

import java.util.function.Function;

/**
 * The voice runtime as instrumentation helpers see it, in every class loader.
 *
 * <p>Only JDK types cross this interface: helpers injected into the bootstrap, platform, application
 * or a fat jar's class loader all call the one implementation that lives in the extension class
 * loader. Every method is safe to call with unexpected arguments and never throws.
 */
public interface VoiceRuntime {

  /**
   * A server-side connection (WebSocket session) opened. Opens a voice session keyed by the
   * connection's identity; a second layer of the same connection (a framework wrapping a container
   * session) joins the session being opened on this thread instead of opening another.
   *
   * @return a scope to close when the open callback returns, or {@code null}
   */
  AutoCloseable connectionOpened(Object connection, String source);

  /** The connection closed; its session ends (reason {@code closed}) unless it already ended. */
  void connectionClosed(Object connection);

  /** Makes the connection's session current for a callback; {@code null} when it has none. */
  AutoCloseable enterConnection(Object connection);

  /** Remembers that a part of a connection (a message handler, a remote endpoint) belongs to it. */
  void attach(Object part, Object connection);

  /** The connection a part was attached to, or {@code null}. */
  Object connectionOf(Object part);

  /** A text message arrived on a connection (telephony media-stream events are read from it). */
  void inboundText(Object connection, String text);

  /** The application sent a text message on a connection. */
  void outboundText(Object connection, String text);

  /** A configured session method was entered; returns a token for {@link #methodExited}. */
  Object methodEntered(String method);

  /**
   * A configured session method returned or threw. A returned {@code CompletionStage} ends the
   * session when it completes.
   */
  void methodExited(Object token, Object returned, Throwable thrown);

  /**
   * A thread is being started. The starting code's session is remembered for it, unless the thread
   * serves a pool or a library (made by a {@code ThreadFactory}, or a JDK-internal thread class).
   */
  void threadStarting(Thread thread);

  /** The thread's {@code run()} begins: enters the session its starter had, or returns {@code null}. */
  AutoCloseable threadRunning(Thread thread);

  /** A {@code ThreadFactory} made this thread: it serves a pool, never one call. */
  void factoryMadeThread(Object thread);

  /**
   * Work was handed off to run later on another thread (a {@code TimerTask}, a {@code
   * CompletableFuture} stage): remembers the handing code's session for it, weakly (an ended
   * session is never entered and never retained by this).
   */
  void taskScheduled(Object task);

  /** Handed-off work runs: enters the session it was handed off from, or returns {@code null}. */
  AutoCloseable taskRunning(Object task);

  /**
   * The open session of the current context as an opaque token, or {@code null}: for a callback
   * object made for one connection (a WebSocket client listener) to carry into its callbacks.
   */
  Object currentSession();

  /**
   * Enters a token from {@link #currentSession()} for a callback: the session's own context replaces
   * whatever is current (never the span that was current when the token was taken, nor a stale one
   * a library carried into its thread). {@code null} when the session ended.
   */
  AutoCloseable enterSession(Object session);

  /** An element was handed to a blocking queue: remembers the producer's session for it. */
  void enqueued(Object element);

  /**
   * An element was taken from a blocking queue (or a take/poll returned nothing): the consumer's
   * work now belongs to that element's session, until the thread's next take or poll.
   */
  void dequeued(Object element);

  /**
   * An SDK's retry loop begins (openai-java's {@code RetryingHttpClient.execute}): until {@link
   * #retriesEnded}, the HTTP requests this thread makes are attempts of one provider call, reported as
   * one stage span with {@code voice.attempts}. Returns a token, or {@code null} inside another loop.
   */
  Object retriesStarting();

  /** The retry loop returned or threw: a last attempt that failed ends its call now. */
  void retriesEnded(Object token);

  /**
   * An SDK's asynchronous retry loop is about to send an attempt (openai-java's {@code
   * RetryingHttpClient.executeAsync}, whose attempts are sent from whichever thread the previous
   * one's outcome completed on): {@code loopKey} is an object that identifies the loop across its
   * attempts. The request the client sends for it, on whatever thread, is an attempt of the loop's
   * one provider call. Returns a token for {@link #asyncAttemptSent}, or {@code null}.
   */
  Object asyncAttemptStarting(Object loopKey);

  /**
   * The method that sent the attempt returned {@code returned} (or threw): for the loop's first
   * attempt that is the loop's overall future, and the loop ends when it completes.
   */
  void asyncAttemptSent(Object token, Object returned, Throwable thrown);

  /**
   * An HTTP request is being handed to a client. Returns the provider call to report to when the
   * request is a speech or LLM request, {@code null} otherwise (then nothing else is done).
   *
   * @param client short client name, e.g. {@code jdk}, {@code okhttp}
   * @param requestHeader request header lookup (never retained)
   */
  ProviderCall startHttpCall(
      String client, String method, String url, Function<String, String> requestHeader);

  /**
   * A request entering a client layered above an HTTP transport (Spring {@code WebClient}'s filter
   * chain), before any span of that layer starts: opens the provider call there, so that everything
   * the layer and the layers below it do nests under the stage span while it is current. The
   * transport hook that then sees the same request (on any thread, under this call's context) takes
   * the call over and reports its body and end; {@link ProviderCall#leftToCaller()} tells the caller
   * whether none did. {@code null} when the request is no provider call.
   */
  ProviderCall startExchange(String client, String method, String url, Function<String, String> requestHeader);
}
