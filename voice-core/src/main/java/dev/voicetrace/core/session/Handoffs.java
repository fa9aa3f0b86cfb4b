package dev.voicetrace.core.session;

import io.opentelemetry.context.Context;
import java.lang.ref.WeakReference;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Carries a call's session across the hand-offs upstream does not cover: a thread the application
 * starts itself (platform or virtual), a {@code TimerTask} it schedules, a {@code CompletableFuture}
 * stage it registers (which runs on whichever thread completes the future). Only the session travels (not the current
 * span), only into work the application handed off: threads made by a {@code ThreadFactory} (every
 * pool, OkHttp's task runner, Netty, the virtual-thread-per-task executor) and JDK-internal thread
 * classes (the {@code HttpClient} selector, timers, fork-join workers) never belong to a call, even
 * when they are started lazily during one. Keys are weak and handed-off work refers to its session
 * weakly: entries go when the work starts or is collected, and a finished session is never entered
 * nor kept alive by work that never ran.
 */
final class Handoffs {
  private final Map<Thread, Session> startedThreads = new WeakHashMap<>();
  private final Set<Object> factoryThreads = Collections.newSetFromMap(new WeakHashMap<>());
  private final WeakIdentityMap<WeakReference<Session>> handedOff = new WeakIdentityMap<>();

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
    Context current = Context.current();
    Session session = Session.from(current);
    if (session == null || session.isEnded() || task == null || isClientInternal(current)) {
      return;
    }
    handedOff.update(task, previous -> session.weakRef);
  }

  /**
   * Work registered while a provider call is still sending its request (its stage current, no response
   * yet) is the HTTP client's own: the JDK {@code HttpClient} chains dozens of {@code CompletableFuture}
   * stages per request, on the caller's thread and on its executor, none of them the application's, and
   * tagging each takes a lock and a weak key on the way to the first byte. The application's own stages
   * are registered on the future a send returns (after the request went out) or in callbacks of the
   * response, and are still tagged.
   */
  private static boolean isClientInternal(Context current) {
    StageCall stage = current.get(StageCall.KEY);
    return stage != null && stage.stillSending();
  }

  AutoCloseable taskRunning(Object task) {
    WeakReference<Session> ref = handedOff.get(task);
    if (ref == null) {
      return null;
    }
    Session session = ref.get();
    if (session == null || session.isEnded()) {
      handedOff.remove(task);
      return null;
    }
    return enter(session);
  }

  void purge() {
    handedOff.purge();
  }

  int retained() {
    synchronized (this) {
      return startedThreads.size() + handedOff.size();
    }
  }

  static AutoCloseable enter(Session session) {
    if (session == null || session.isEnded() || Session.from(Context.current()) == session) {
      return null;
    }
    return session.context.makeCurrent();
  }

  /**
   * JDK-internal thread classes and fork-join workers serve the platform, never one call; a virtual
   * thread is the application's own (unless a factory made it, which is recorded separately).
   */
  static boolean isLibraryThread(Thread thread) {
    Class<?> type = thread.getClass();
    if (type == Thread.class || type.getName().equals("java.lang.VirtualThread")) {
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
