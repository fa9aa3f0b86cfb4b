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

  /** Only with {@code -Dotel.javaagent.debug=true}: failures inside voicetrace that were swallowed. */
  public static void debug(String message, Throwable error) {
    if (DEBUG) {
      System.err.println("[voicetrace] DEBUG " + message + (error == null ? "" : ": " + error));
      if (error != null) {
        error.printStackTrace();
      }
    }
  }
}
