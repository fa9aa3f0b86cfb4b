package dev.voicetrace.core;

/**
 * voicetrace's own log lines: one line each on standard error, prefixed {@code [voicetrace]}, so that
 * a start-up summary or a configuration warning is one clear line whatever logging the bot uses.
 */
public final class VoiceLog {
  private static final boolean DEBUG = Boolean.getBoolean("otel.javaagent.debug");

  private VoiceLog() {}

  public static void info(String message) {
    System.err.println("[voicetrace] " + message);
  }

  public static void warn(String message) {
    System.err.println("[voicetrace] WARN " + message);
  }

  /**
   * A failure inside voicetrace that was swallowed (the application never sees it): counted by site
   * for the {@code voicetrace.internal.errors} metric, and printed with {@code -Dotel.javaagent.debug=true}.
   */
  public static void swallowed(String site, Throwable error) {
    dev.voicetrace.bootstrap.VoiceBridge.swallowed(site, error);
    if (DEBUG) {
      System.err.println("[voicetrace] DEBUG " + site + ": " + error);
      if (error != null) {
        error.printStackTrace();
      }
    }
  }
}
