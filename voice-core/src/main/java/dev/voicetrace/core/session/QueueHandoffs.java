package dev.voicetrace.core.session;

import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
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
  private static final Object SHARED = new Object();

  private final Map<IdentityKey, Object> sessions = new HashMap<>();
  private final ReferenceQueue<Object> collected = new ReferenceQueue<>();
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
    synchronized (this) {
      purge();
      IdentityKey key = new IdentityKey(element, collected);
      Object previous = sessions.get(key);
      Session previousSession = previous instanceof SessionRef ? ((SessionRef) previous).get() : null;
      if (previous == null || (previous != SHARED && previousSession == null)) {
        sessions.put(key, new SessionRef(session));
      } else if (previousSession != session) {
        sessions.put(key, SHARED);
      }
    }
  }

  void dequeued(Object element) {
    Object owner = null;
    if (element != null) {
      synchronized (this) {
        purge();
        owner = sessions.get(new IdentityKey(element, null));
      }
    }
    Session session = owner instanceof SessionRef ? ((SessionRef) owner).get() : null;
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

  synchronized int retained() {
    purge();
    return sessions.size();
  }

  private void purge() {
    for (Reference<?> ref; (ref = collected.poll()) != null; ) {
      sessions.remove(ref);
    }
  }

  private static final class SessionRef extends WeakReference<Session> {
    SessionRef(Session session) {
      super(session);
    }
  }

  private static final class Held {
    final Session session;
    final Scope scope;

    Held(Session session, Scope scope) {
      this.session = session;
      this.scope = scope;
    }
  }

  /** A weak key compared by the identity of its referent. */
  private static final class IdentityKey extends WeakReference<Object> {
    private final int hash;

    IdentityKey(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof IdentityKey)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((IdentityKey) other).get();
    }
  }
}
