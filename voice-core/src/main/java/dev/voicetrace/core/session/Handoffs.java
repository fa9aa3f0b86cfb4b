package dev.voicetrace.core.session;

import io.opentelemetry.context.Context;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Carries a call's session across the hand-offs upstream does not cover: a thread the application
 * starts itself, and a {@code TimerTask} it schedules. Only the session travels (not the current
 * span), only into work the application handed off: threads made by a {@code ThreadFactory} (every
 * pool, OkHttp's task runner, Netty, the virtual-thread-per-task executor) and JDK-internal thread
 * classes (the {@code HttpClient} selector, timers, fork-join workers) never belong to a call, even
 * when they are started lazily during one. Keys are weak; entries go when the work starts or the
 * thread or task is collected, and a finished session is never entered.
 */
final class Handoffs {
  private final Map<Thread, Session> startedThreads = new WeakHashMap<>();
  private final Set<Object> factoryThreads = Collections.newSetFromMap(new WeakHashMap<>());
  private final Map<Object, Session> scheduledTasks = new WeakHashMap<>();

  void threadStarting(Thread thread) {
    Session session = Session.from(Context.current());
    if (session == null || session.isEnded() || isLibraryThread(thread)) {
      return;
    }
    synchronized (this) {
      if (!factoryThreads.contains(thread)) {
        startedThreads.put(thread, session);
      }
    }
  }

  AutoCloseable threadRunning(Thread thread) {
    Session session;
    synchronized (this) {
      session = startedThreads.remove(thread);
    }
    return enter(session);
  }

  synchronized void factoryMadeThread(Object thread) {
    if (thread != null) {
      factoryThreads.add(thread);
    }
  }

  void taskScheduled(Object task) {
    Session session = Session.from(Context.current());
    if (session == null || session.isEnded() || task == null) {
      return;
    }
    synchronized (this) {
      scheduledTasks.put(task, session);
    }
  }

  AutoCloseable taskRunning(Object task) {
    Session session;
    synchronized (this) {
      session = scheduledTasks.get(task);
      if (session != null && session.isEnded()) {
        scheduledTasks.remove(task);
        session = null;
      }
    }
    return enter(session);
  }

  synchronized int retained() {
    return startedThreads.size() + scheduledTasks.size();
  }

  private static AutoCloseable enter(Session session) {
    if (session == null || session.isEnded() || Session.from(Context.current()) == session) {
      return null;
    }
    return session.context.makeCurrent();
  }

  /** JDK-internal thread classes and fork-join workers serve the platform, never one call. */
  static boolean isLibraryThread(Thread thread) {
    Class<?> type = thread.getClass();
    if (type == Thread.class) {
      return false;
    }
    if (thread instanceof ForkJoinWorkerThread) {
      return true;
    }
    String name = type.getName();
    return name.startsWith("java.") || name.startsWith("jdk.") || name.startsWith("sun.")
        || name.startsWith("com.sun.");
  }
}
