package dev.voicetrace.core.session;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The open sessions and the connections that lead to them, keyed by identity. Entries go away
 * when a session ends, so nothing is retained after a call; a sweep ends sessions that went idle or
 * ran past the maximum duration.
 */
final class SessionRegistry {
  private final Map<Object, Session> byConnection = new IdentityHashMap<>();
  private final Map<Session, List<Object>> connectionsOf = new IdentityHashMap<>();
  /** Connections the bot opened as a client inside a call: they lead to it but never end it. */
  private final Map<Object, Boolean> clientConnections = new IdentityHashMap<>();
  // values are weak too: a connection holds its handlers, so a strong value would keep its own key alive
  private final Map<Object, WeakReference<Object>> partConnections =
      Collections.synchronizedMap(new WeakHashMap<>());

  synchronized Session get(Object connection) {
    return connection == null ? null : byConnection.get(connection);
  }

  synchronized void bind(Object connection, Session session) {
    byConnection.put(connection, session);
    connectionsOf.computeIfAbsent(session, s -> new ArrayList<>(2)).add(connection);
  }

  /** A client connection opened inside {@code session}: it leads to the session, never ends it. */
  synchronized void bindClient(Object connection, Session session) {
    bind(connection, session);
    clientConnections.put(connection, Boolean.TRUE);
  }

  synchronized boolean isClient(Object connection) {
    return connection != null && clientConnections.containsKey(connection);
  }

  /** Forgets one connection (a client connection that closed); its session goes on. */
  synchronized void unbind(Object connection) {
    Session session = byConnection.remove(connection);
    clientConnections.remove(connection);
    List<Object> connections = session == null ? null : connectionsOf.get(session);
    if (connections != null) {
      connections.remove(connection);
    }
  }

  /** Forgets a session and every connection bound to it. */
  synchronized void remove(Session session) {
    List<Object> connections = connectionsOf.remove(session);
    if (connections != null) {
      for (Object c : connections) {
        byConnection.remove(c);
        clientConnections.remove(c);
      }
    }
  }

  synchronized void track(Session session) {
    connectionsOf.computeIfAbsent(session, s -> new ArrayList<>(2));
  }

  synchronized List<Session> open() {
    return new ArrayList<>(connectionsOf.keySet());
  }

  synchronized int size() {
    return connectionsOf.size();
  }

  /** Message handlers and remote endpoints, weakly, to the connection they belong to. */
  void attach(Object part, Object connection) {
    partConnections.put(part, new WeakReference<>(connection));
  }

  Object connectionOf(Object part) {
    WeakReference<Object> ref = part == null ? null : partConnections.get(part);
    return ref == null ? null : ref.get();
  }

  /** Sessions past the idle timeout or the maximum duration, with the reason to end them. */
  synchronized List<Object[]> expired(long now, long idleNanos, long maxNanos) {
    List<Object[]> out = new ArrayList<>();
    for (Iterator<Session> it = connectionsOf.keySet().iterator(); it.hasNext(); ) {
      Session s = it.next();
      if (now - s.startNanos >= maxNanos) {
        out.add(new Object[] {s, "max_duration"});
      } else if (now - s.lastActivityNanos >= idleNanos) {
        out.add(new Object[] {s, "idle_timeout"});
      }
    }
    return out;
  }

  static long sweepPeriodNanos(long idleNanos, long maxNanos) {
    long period = Math.min(idleNanos, maxNanos) / 10;
    return Math.max(TimeUnit.MILLISECONDS.toNanos(200), Math.min(period, TimeUnit.SECONDS.toNanos(30)));
  }
}
