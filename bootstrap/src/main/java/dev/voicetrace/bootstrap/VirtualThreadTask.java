package dev.voicetrace.bootstrap;

/**
 * The task of a virtual thread created inside a call. A virtual thread runs its task on a carrier
 * thread after mounting, so the session is entered here, inside the virtual thread, rather than
 * around any JDK method. Created only when the creating code is in a session; the session itself is
 * chosen when the thread starts, like for platform threads.
 */
public final class VirtualThreadTask implements Runnable {
  private final Runnable task;

  private VirtualThreadTask(Runnable task) {
    this.task = task;
  }

  /** Wraps {@code task} when the current code is in a session; otherwise returns it unchanged. */
  public static Runnable wrap(Runnable task) {
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (task == null || task instanceof VirtualThreadTask || runtime == null || runtime.currentSession() == null) {
      return task;
    }
    return new VirtualThreadTask(task);
  }

  @Override
  public void run() {
    AutoCloseable scope = null;
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (runtime != null) {
      try {
        scope = runtime.threadRunning(Thread.currentThread());
      } catch (Throwable ignored) {
        // the runtime never throws; the bot's task runs whatever happens here
      }
    }
    try {
      task.run();
    } finally {
      if (scope != null) {
        try {
          scope.close();
        } catch (Throwable ignored) {
          // nothing the bot should see
        }
      }
    }
  }
}
