package dev.voicetrace.bootstrap;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Holds the one {@link VoiceRuntime} of this JVM. Lives on the bootstrap class path so that helpers
 * in any class loader find the same instance; until the agent installs the runtime, {@link
 * #runtime()} returns {@code null} and helpers do nothing.
 */
public final class VoiceBridge {
  private static volatile VoiceRuntime runtime;
  private static final Map<String, AtomicLong> SWALLOWED = new ConcurrentHashMap<>();

  private VoiceBridge() {}

  /** The installed runtime, or {@code null}. */
  public static VoiceRuntime runtime() {
    return runtime;
  }

  /**
   * voicetrace's own code failed at {@code site} and the failure was swallowed (the application never
   * sees it): counted for the {@code voicetrace.internal.errors} metric. Never throws.
   */
  public static void swallowed(String site, Throwable error) {
    try {
      AtomicLong count = SWALLOWED.get(site);
      if (count == null) {
        count = SWALLOWED.computeIfAbsent(site, s -> new AtomicLong());
      }
      count.incrementAndGet();
    } catch (Throwable ignored) {
      // counting is best effort
    }
  }

  /** Closes a scope a hook opened ({@code null}, or anything not closeable, is ignored). Never throws. */
  public static void close(Object scope) {
    if (scope instanceof AutoCloseable) {
      try {
        ((AutoCloseable) scope).close();
      } catch (Throwable ignored) {
        // a scope close never fails in practice; nothing to do
      }
    }
  }

  /** Swallowed failures so far, by site. */
  public static Map<String, Long> swallowedCounts() {
    Map<String, Long> out = new TreeMap<>();
    SWALLOWED.forEach((site, count) -> out.put(site, count.get()));
    return out;
  }

  /** Installs the runtime (agent start-up only). */
  public static void install(VoiceRuntime voiceRuntime) {
    runtime = voiceRuntime;
  }
}
