package dev.voicetrace.core.session;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.ref.WeakReference;
import java.util.concurrent.Callable;
import java.util.concurrent.Future;

/**
 * Carries a call's session through {@code BlockingQueue} hand-offs (a thread per call draining
 * audio frames, a shared consumer serving many calls): an element remembers, by identity, the
 * session of the code that queued it; the thread that takes it works in that session until its
 * next take or poll. Executors' own work queues are left alone (their elements are tasks, which
 * upstream already wraps at submission), and an element queued by two different calls — a shared
 * sentinel — carries nothing. Keys and values are weak: nothing here keeps an element or a
 * finished call alive. (Entries stay after a take, so that a take nested in another take — a deque's
 * {@code take} calling {@code takeFirst} — sees the same owner.)
 */
final class QueueHandoffs {
  /** The value of an element queued by two different calls: it carries nothing. */
  private static final Object SHARED = new Object();

  private final WeakIdentityMap<Object> sessions = new WeakIdentityMap<>();
  private final ThreadLocal<Held> held = new ThreadLocal<>();

  void enqueued(Object element) {
    if (element == null || element instanceof Runnable || element instanceof Callable
        || element instanceof Future) {
      return;
    }
    Session session = Session.from(Context.current());
    if (session == null || session.isEnded()) {
      return;
    }
    sessions.update(element, previous -> {
      Session previousSession = previous instanceof WeakReference ? (Session) ((WeakReference<?>) previous).get() : null;
      if (previous == null || (previous != SHARED && previousSession == null)) {
        return session.weakRef;
      }
      return previousSession == session ? previous : SHARED;
    });
  }

  void dequeued(Object element) {
    Object owner = element == null ? null : sessions.get(element);
    Session session = owner instanceof WeakReference ? (Session) ((WeakReference<?>) owner).get() : null;
    if (session != null && session.isEnded()) {
      session = null;
    }
    Held current = held.get();
    if (current != null && current.session == session) {
      return; // the next element of the same call: stay in it
    }
    if (current != null) {
      held.remove();
      current.scope.close();
    }
    if (session != null && Session.from(Context.current()) != session) {
      held.set(new Held(session, session.context.makeCurrent()));
    }
  }

  void purge() {
    sessions.purge();
  }

  int retained() {
    return sessions.size();
  }

  private static final class Held {
    final Session session;
    final Scope scope;

    Held(Session session, Scope scope) {
      this.session = session;
      this.scope = scope;
    }
  }
}
