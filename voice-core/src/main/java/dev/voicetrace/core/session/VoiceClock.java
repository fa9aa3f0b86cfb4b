package dev.voicetrace.core.session;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Monotonic time for latencies, converted to epoch nanoseconds for span timestamps, and the one
 * daemon timer thread the runtime uses (turn quiet gaps, idle and maximum-duration sweeps).
 */
final class VoiceClock {
  private static final long ANCHOR_EPOCH_NANOS = System.currentTimeMillis() * 1_000_000L;
  private static final long ANCHOR_NANO_TIME = System.nanoTime();

  static final ScheduledThreadPoolExecutor TIMER = createTimer();

  private VoiceClock() {}

  static long now() {
    return System.nanoTime();
  }

  static long toEpochNanos(long nanoTime) {
    return ANCHOR_EPOCH_NANOS + (nanoTime - ANCHOR_NANO_TIME);
  }

  static double seconds(long nanos) {
    return nanos / 1_000_000_000.0;
  }

  private static ScheduledThreadPoolExecutor createTimer() {
    ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, r -> {
      Thread t = new Thread(r, "voicetrace-timer");
      t.setDaemon(true);
      return t;
    });
    timer.setRemoveOnCancelPolicy(true);
    timer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    return timer;
  }

  static java.util.concurrent.ScheduledFuture<?> schedule(Runnable task, long delayNanos) {
    try {
      return TIMER.schedule(task, delayNanos, TimeUnit.NANOSECONDS);
    } catch (RuntimeException e) {
      return null; // timer shut down: the session end paths close what is left
    }
  }
}
