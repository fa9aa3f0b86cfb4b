package dev.voicetrace.core.session;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceRuntime;
import dev.voicetrace.core.InjectedFailure;
import dev.voicetrace.core.VoiceLog;
import dev.voicetrace.core.provider.Operation;
import dev.voicetrace.core.provider.ProviderCatalog;
import dev.voicetrace.core.provider.ProviderMatch;
import dev.voicetrace.core.provider.RequestFacts;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The one voice runtime of the JVM, reached from every class loader through the bootstrap bridge.
 * Every entry point swallows its own failures: instrumentation must never break the bot.
 */
public final class VoiceRuntimeImpl implements VoiceRuntime {
  private final VoiceTelemetry telemetry;
  private final ProviderCatalog catalog;
  private final SessionRegistry registry = new SessionRegistry();
  /** The session whose connection-open callback is running on this thread (nested layers join it). */
  private final ThreadLocal<Session> opening = new ThreadLocal<>();
  private final Handoffs handoffs = new Handoffs();
  private final QueueHandoffs queues = new QueueHandoffs();
  /** The SDK retry loop running on this thread, if any: its HTTP requests are attempts of one call. */
  private final ThreadLocal<RetryLoop> retryLoops = new ThreadLocal<>();
  /** Asynchronous SDK retry loops, by the object that identifies one across its attempts. */
  private final WeakIdentityMap<RetryLoop> asyncRetryLoops = new WeakIdentityMap<>();

  public VoiceRuntimeImpl(VoiceTelemetry telemetry, ProviderCatalog catalog) {
    this.telemetry = telemetry;
    this.catalog = catalog;
    long idle = telemetry.config.idleTimeout.toNanos();
    long max = telemetry.config.maxDuration.toNanos();
    long period = SessionRegistry.sweepPeriodNanos(idle, max);
    VoiceClock.TIMER.scheduleWithFixedDelay(() -> sweep(idle, max), period, period, TimeUnit.NANOSECONDS);
  }

  // ---- sessions from connections ------------------------------------------------------------

  @Override
  public AutoCloseable connectionOpened(Object connection, String source) {
    try {
      if (connection == null || registry.get(connection) != null) {
        return null;
      }
      if ("websocket".equals(source) && ClientConnections.isClient(connection)) {
        // the bot connected out (streaming STT, realtime LLM): part of the call it was opened in
        Session caller = Session.from(Context.current());
        if (caller != null && !caller.isEnded()) {
          registry.bindClient(connection, caller);
        }
        return null;
      }
      Session joining = opening.get();
      if (joining != null && !joining.isEnded()) {
        registry.bind(connection, joining);
        return null;
      }
      Session session = new Session(telemetry, source, Context.current());
      registry.bind(connection, session);
      opening.set(session);
      Scope scope = session.context.makeCurrent();
      return () -> {
        opening.remove();
        scope.close();
      };
    } catch (RuntimeException e) {
      VoiceLog.swallowed("connection opened", e);
      return null;
    }
  }

  @Override
  public void connectionClosed(Object connection) {
    try {
      if (registry.isClient(connection)) {
        registry.unbind(connection);
        return;
      }
      Session session = registry.get(connection);
      if (session != null) {
        end(session, "closed");
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("connection closed", e);
    }
  }

  @Override
  public AutoCloseable enterConnection(Object connection) {
    try {
      Session session = registry.get(connection);
      if (session == null || session.isEnded()) {
        return null;
      }
      session.touch();
      if (Session.from(Context.current()) == session) {
        return null;
      }
      return session.context.makeCurrent();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("enter connection", e);
      return null;
    }
  }

  @Override
  public void attach(Object part, Object connection) {
    if (part != null && connection != null) {
      registry.attach(part, connection);
    }
  }

  @Override
  public Object connectionOf(Object part) {
    return registry.connectionOf(part);
  }

  @Override
  public void inboundText(Object connection, String text) {
    try {
      InjectedFailure.at("inbound_text");
      Session session = registry.get(connection);
      if (session == null || text == null || registry.isClient(connection)) {
        return; // a client connection's messages are a provider's, not the telephony stream's
      }
      synchronized (session) {
        if (session.lastInbound == text) {
          return; // the same frame seen by a second layer (framework over container)
        }
        session.lastInbound = text;
      }
      long now = VoiceClock.now();
      session.touch();
      MediaStreamEvent event = MediaStreamEvent.parse(text);
      if (event == null) {
        return;
      }
      if (event.event.equals("media")) {
        if (session.callerAudioReadable) {
          long speech = CallerAudio.speechNanos(text);
          if (speech >= 0) {
            session.onCallerAudio(now, speech, CallerAudio.timestampMillis(text));
          }
        }
      } else if (event.event.equals("start")) {
        session.identify(event.source, event.callId, event.streamId);
        if (event.encoding != null && !event.encoding.toLowerCase(java.util.Locale.ROOT).contains("mulaw")) {
          session.callerAudioReadable = false; // PCM or another codec: speech end from the STT request
        }
      } else if (event.event.equals("stop")) {
        end(session, "stop");
      } else if (event.isMark()) {
        session.onMarkPlayed(event.markName, VoiceClock.now());
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("inbound text", e);
    }
  }

  @Override
  public void outboundText(Object connection, String text) {
    try {
      Session session = registry.get(connection);
      if (session == null || text == null || registry.isClient(connection)) {
        return;
      }
      synchronized (session) {
        if (session.lastOutbound == text) {
          return; // the same frame passing a second layer (Spring over the container)
        }
        session.lastOutbound = text;
      }
      session.touch();
      MediaStreamEvent event = MediaStreamEvent.parse(text);
      if (event == null) {
        return;
      }
      if (event.isMedia()) {
        session.onBotAudioSent(VoiceClock.now());
        return;
      }
      if (event.isClear()) {
        session.onClear(VoiceClock.now());
      } else if (event.isMark()) {
        session.onMarkSent(event.markName);
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("outbound text", e);
    }
  }

  // ---- sessions from methods ----------------------------------------------------------------

  @Override
  public Object methodEntered(String method) {
    try {
      if (Session.from(Context.current()) != null) {
        return null; // already inside a call: a nested session method is part of it
      }
      Session session = new Session(telemetry, "method", Context.current());
      registry.track(session);
      return new MethodSession(session, session.context.makeCurrent());
    } catch (RuntimeException e) {
      VoiceLog.swallowed("method entered", e);
      return null;
    }
  }

  @Override
  public void methodExited(Object token, Object returned, Throwable thrown) {
    if (!(token instanceof MethodSession)) {
      return;
    }
    MethodSession ms = (MethodSession) token;
    try {
      ms.scope.close();
      if (thrown != null) {
        end(ms.session, "error");
      } else if (returned instanceof CompletionStage) {
        ((CompletionStage<?>) returned).whenComplete((r, t) -> end(ms.session, t == null ? "closed" : "error"));
      } else {
        end(ms.session, "closed");
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("method exited", e);
    }
  }

  private static final class MethodSession {
    final Session session;
    final Scope scope;

    MethodSession(Session session, Scope scope) {
      this.session = session;
      this.scope = scope;
    }
  }

  // ---- hand-offs upstream does not cover ----------------------------------------------------

  @Override
  public void threadStarting(Thread thread) {
    try {
      handoffs.threadStarting(thread);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("thread starting", e);
    }
  }

  @Override
  public AutoCloseable threadRunning(Thread thread) {
    try {
      return handoffs.threadRunning(thread);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("thread running", e);
      return null;
    }
  }

  @Override
  public void factoryMadeThread(Object thread) {
    handoffs.factoryMadeThread(thread);
  }

  @Override
  public void taskScheduled(Object task) {
    try {
      handoffs.taskScheduled(task);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("task scheduled", e);
    }
  }

  @Override
  public AutoCloseable taskRunning(Object task) {
    try {
      return handoffs.taskRunning(task);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("task running", e);
      return null;
    }
  }

  @Override
  public Object currentSession() {
    try {
      Session session = Session.from(Context.current());
      return session == null || session.isEnded() ? null : session.weakRef;
    } catch (RuntimeException e) {
      VoiceLog.swallowed("current session", e);
      return null;
    }
  }

  @Override
  public AutoCloseable enterSession(Object token) {
    try {
      if (!(token instanceof WeakReference)) {
        return null;
      }
      Object target = ((WeakReference<?>) token).get();
      if (!(target instanceof Session)) {
        return null;
      }
      Session session = (Session) target;
      if (session.isEnded() || Context.current() == session.context) {
        return null;
      }
      // the session's own context, not whatever span was current when the callback was made
      return session.context.makeCurrent();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("enter session", e);
      return null;
    }
  }

  @Override
  public void enqueued(Object element) {
    try {
      queues.enqueued(element);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("enqueued", e);
    }
  }

  @Override
  public void dequeued(Object element) {
    try {
      queues.dequeued(element);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("dequeued", e);
    }
  }

  // ---- provider calls -----------------------------------------------------------------------

  @Override
  public Object retriesStarting() {
    if (retryLoops.get() != null) {
      return null;
    }
    RetryLoop loop = new RetryLoop();
    retryLoops.set(loop);
    return loop;
  }

  @Override
  public void retriesEnded(Object token) {
    if (!(token instanceof RetryLoop)) {
      return;
    }
    if (retryLoops.get() == token) {
      retryLoops.remove();
    }
    try {
      ((RetryLoop) token).ended();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("retries ended", e);
    }
  }

  @Override
  public Object asyncAttemptStarting(Object loopKey) {
    try {
      if (loopKey == null) {
        return null;
      }
      RetryLoop[] loop = new RetryLoop[1];
      boolean[] first = new boolean[1];
      asyncRetryLoops.update(loopKey, existing -> {
        first[0] = existing == null;
        loop[0] = existing != null ? existing : new RetryLoop(Context.current());
        return loop[0];
      });
      return new AsyncAttempt(loop[0], loop[0].attemptAnnounced(), first[0]);
    } catch (RuntimeException e) {
      VoiceLog.swallowed("async attempt starting", e);
      return null;
    }
  }

  @Override
  public void asyncAttemptSent(Object token, Object returned, Throwable thrown) {
    if (!(token instanceof AsyncAttempt)) {
      return;
    }
    AsyncAttempt attempt = (AsyncAttempt) token;
    try {
      attempt.scope.close();
      if (!attempt.first) {
        return;
      }
      // the first attempt's method returns the loop's overall future: the loop ends when it completes
      if (thrown == null && returned instanceof CompletionStage) {
        ((CompletionStage<?>) returned).whenComplete((response, error) -> retryLoopEnded(attempt.loop));
      } else {
        retryLoopEnded(attempt.loop);
      }
    } catch (RuntimeException e) {
      VoiceLog.swallowed("async attempt sent", e);
    }
  }

  private static void retryLoopEnded(RetryLoop loop) {
    try {
      loop.ended();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("retries ended", e);
    }
  }

  /** One attempt of an asynchronous retry loop being sent: the loop's scope on the sending thread. */
  private static final class AsyncAttempt {
    final RetryLoop loop;
    final Scope scope;
    final boolean first;

    AsyncAttempt(RetryLoop loop, Scope scope, boolean first) {
      this.loop = loop;
      this.scope = scope;
      this.first = first;
    }
  }

  @Override
  public ProviderCall startHttpCall(String client, String method, String url, Function<String, String> requestHeader) {
    return start(method, url, requestHeader, false);
  }

  @Override
  public ProviderCall startExchange(String client, String method, String url, Function<String, String> requestHeader) {
    return start(method, url, requestHeader, true);
  }

  private ProviderCall start(String method, String url, Function<String, String> requestHeader, boolean aboveTransport) {
    try {
      StageCall outer = StageCall.current();
      if (outer != null && !aboveTransport && outer.awaitsTransport()
          && outer.takenOverByTransport(catalog.classify(method, url))) {
        // the transport below a layer that opened the call reports it; if that layer's retry loop sends
        // this request (an SDK opened the call before its asynchronous loop), the loop's attempts are it
        RetryLoop loop = retryLoopOfThisRequest();
        if (loop != null && loop.call == null) {
          loop.call = outer;
          outer.inRetryLoop();
        }
        return outer;
      }
      if (outer != null && outer.stillSending()) {
        return null; // a client layered on another client: the outer one reports the call
      }
      ProviderMatch match = catalog.classify(method, url);
      if (match == null) {
        return null;
      }
      RetryLoop loop = retryLoopOfThisRequest();
      if (loop != null && loop.call != null && !loop.call.sameRequest(match)) {
        loop = null;
      }
      if (loop != null && loop.call != null && loop.call.nextAttempt()) {
        return loop.call; // a retry: another attempt of the same provider call
      }
      // a call started from a callback that runs under another call's context (the stream of a chat
      // being spoken sentence by sentence) is that call's sibling, never its child
      Context current = outer != null ? outer.parentContext() : Context.current();
      Session session = Session.from(Context.current());
      if (session != null && session.isEnded()) {
        session = null; // late work of a finished call stands alone, never in another call
        current = Context.root();
      }
      if (session != null && !session.reserveStage()) {
        return null;
      }
      long now = VoiceClock.now();
      Context turnContext = null;
      if (session != null) {
        Operation op = match.route.operation();
        if (op == Operation.SPEECH_TO_TEXT) {
          turnContext = session.onUserUtterance("stt_request", now);
        } else if (op == Operation.CHAT) {
          turnContext = session.onLlmRequest(now);
        } else {
          turnContext = session.onReplyStarted(now);
        }
      }
      Context parent = turnContext != null ? turnContext : session != null ? session.context : current;
      StageCall call = new StageCall(
          telemetry, session, parent, turnContext, match, RequestFacts.requestedFormat(match, requestHeader));
      if (aboveTransport) {
        call.awaitTransport();
      }
      if (session != null) {
        session.stageStarted(call);
      }
      if (loop != null && loop.call == null) {
        loop.call = call;
        call.inRetryLoop();
      }
      return call;
    } catch (RuntimeException e) {
      VoiceLog.swallowed("start provider call", e);
      return null;
    }
  }

  /**
   * The retry loop a request made now is an attempt of: the blocking loop this thread is in, or the
   * asynchronous loop that announced an attempt in the current context (taking that announcement).
   */
  private RetryLoop retryLoopOfThisRequest() {
    RetryLoop loop = retryLoops.get();
    if (loop == null) {
      loop = RetryLoop.fromContext(Context.current());
      if (loop != null && !loop.takeAttempt()) {
        loop = null; // the application's own request, made in a callback of the loop's future
      }
    }
    return loop;
  }

  // ---- ends ---------------------------------------------------------------------------------

  private void end(Session session, String reason) {
    registry.remove(session);
    session.end(reason);
  }

  private void sweep(long idleNanos, long maxNanos) {
    try {
      for (Object[] expired : registry.expired(VoiceClock.now(), idleNanos, maxNanos)) {
        end((Session) expired[0], (String) expired[1]);
      }
      // hand-off entries whose objects were collected are dropped on the next use of their stripe;
      // a JVM that went quiet drops them here
      handoffs.purge();
      queues.purge();
      asyncRetryLoops.purge();
    } catch (RuntimeException e) {
      VoiceLog.swallowed("session sweep", e);
    }
  }

  /** Ends every open session (JVM shutdown), before the exporter's last flush. */
  public void endAll(String reason) {
    List<Session> open = registry.open();
    for (Session s : open) {
      end(s, reason);
    }
  }

  public int openSessions() {
    return registry.size();
  }
}
