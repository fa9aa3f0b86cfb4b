package dev.voicetrace.core.config;

import java.time.Duration;
import java.util.Locale;
import java.util.function.Function;
import dev.voicetrace.core.VoiceLog;

/**
 * voicetrace's configuration: the {@code otel.instrumentation.voicetrace.*} keys, read from system
 * properties and environment variables like every other agent key. A bad value gives one warning
 * naming the key and the value, and the default.
 */
public final class VoiceConfig {
  public static final String PREFIX = "otel.instrumentation.voicetrace.";

  private static volatile VoiceConfig current;

  public final boolean enabled;
  public final String profile;
  public final String sessionMethods;
  public final String connectionMethods;
  public final Duration idleTimeout;
  public final Duration maxDuration;
  public final int maxSpansPerSession;
  public final Duration quietGap;
  public final Duration abandonTimeout;
  public final boolean captureContent;
  public final int captureMaxLength;
  public final int captureMaxMessages;
  public final String tracePer;
  public final String providers;
  public final String providersFile;

  private VoiceConfig(Function<String, String> source) {
    Reader r = new Reader(source);
    enabled = r.bool("enabled", true);
    profile = r.oneOf("profile", "voice", "voice", "full");
    sessionMethods = r.string("session.methods", "");
    connectionMethods = r.string("session.connection-methods", "");
    idleTimeout = r.duration("session.idle-timeout", Duration.ofMinutes(10));
    maxDuration = r.duration("session.max-duration", Duration.ofHours(4));
    maxSpansPerSession = r.positiveInt("session.max-spans", 5000);
    quietGap = r.duration("turn.quiet-gap", Duration.ofMillis(1500));
    abandonTimeout = r.duration("stream.abandon-timeout", Duration.ofSeconds(60));
    boolean genAiContent = r.boolRaw("otel.instrumentation.genai.capture-message-content", false);
    captureContent = r.bool("capture-content", false) || genAiContent;
    captureMaxLength = r.positiveInt("capture-content.max-length", 2048);
    captureMaxMessages = r.positiveInt("capture-content.max-messages", 10);
    tracePer = r.oneOf("trace-per", "session", "session", "turn");
    providers = r.string("providers", "");
    providersFile = r.string("providers-file", "");
  }

  /** Reads the configuration from system properties, then environment variables. */
  public static VoiceConfig fromEnvironment() {
    return from(VoiceConfig::systemOrEnv);
  }

  /** Reads the configuration from any key lookup (tests, declarative configuration). */
  public static VoiceConfig from(Function<String, String> source) {
    return new VoiceConfig(source);
  }

  /** The configuration of this JVM, read once. */
  public static VoiceConfig get() {
    VoiceConfig c = current;
    if (c == null) {
      synchronized (VoiceConfig.class) {
        c = current;
        if (c == null) {
          c = fromEnvironment();
          current = c;
        }
      }
    }
    return c;
  }

  static String systemOrEnv(String key) {
    String value = System.getProperty(key);
    if (value == null) {
      value = System.getenv(key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return value;
  }

  /** Parses {@code 1500ms}, {@code 60s}, {@code 10m}, {@code 4h}, {@code 1d}; a bare number is ms. */
  public static Duration parseDuration(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    int i = 0;
    while (i < t.length() && Character.isDigit(t.charAt(i))) {
      i++;
    }
    if (i == 0) {
      throw new IllegalArgumentException("not a duration");
    }
    long n = Long.parseLong(t.substring(0, i));
    String unit = t.substring(i).trim();
    switch (unit) {
      case "":
      case "ms":
        return Duration.ofMillis(n);
      case "s":
        return Duration.ofSeconds(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      default:
        throw new IllegalArgumentException("unknown unit " + unit);
    }
  }

  /** Reads typed values with one warning per bad value. */
  private static final class Reader {
    private final Function<String, String> source;

    Reader(Function<String, String> source) {
      this.source = source;
    }

    private String raw(String fullKey) {
      try {
        String v = source.apply(fullKey);
        return v == null || v.trim().isEmpty() ? null : v.trim();
      } catch (RuntimeException e) {
        return null;
      }
    }

    String string(String key, String def) {
      String v = raw(PREFIX + key);
      return v == null ? def : v;
    }

    boolean bool(String key, boolean def) {
      return boolRaw(PREFIX + key, def);
    }

    boolean boolRaw(String fullKey, boolean def) {
      String v = raw(fullKey);
      if (v == null) {
        return def;
      }
      if (v.equalsIgnoreCase("true")) {
        return true;
      }
      if (v.equalsIgnoreCase("false")) {
        return false;
      }
      warn(fullKey, v, "true or false", String.valueOf(def));
      return def;
    }

    int positiveInt(String key, int def) {
      String v = raw(PREFIX + key);
      if (v == null) {
        return def;
      }
      try {
        int n = Integer.parseInt(v);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException ignored) {
        // warned below
      }
      warn(PREFIX + key, v, "a positive whole number", String.valueOf(def));
      return def;
    }

    Duration duration(String key, Duration def) {
      String v = raw(PREFIX + key);
      if (v == null) {
        return def;
      }
      try {
        Duration d = parseDuration(v);
        if (!d.isZero() && !d.isNegative()) {
          return d;
        }
      } catch (RuntimeException ignored) {
        // warned below
      }
      warn(PREFIX + key, v, "a duration such as 1500ms, 60s, 10m or 4h", format(def));
      return def;
    }

    String oneOf(String key, String def, String... allowed) {
      String v = raw(PREFIX + key);
      if (v == null) {
        return def;
      }
      for (String a : allowed) {
        if (a.equalsIgnoreCase(v)) {
          return a;
        }
      }
      warn(PREFIX + key, v, "one of " + String.join(", ", allowed), def);
      return def;
    }

    private static void warn(String key, String value, String expected, String def) {
      VoiceLog.warn(
          "invalid value '" + value + "' for " + key + " (expected " + expected
              + "); using the default " + def);
    }

    private static String format(Duration d) {
      long ms = d.toMillis();
      if (ms % 3_600_000 == 0) {
        return ms / 3_600_000 + "h";
      }
      if (ms % 60_000 == 0) {
        return ms / 60_000 + "m";
      }
      if (ms % 1000 == 0) {
        return ms / 1000 + "s";
      }
      return ms + "ms";
    }
  }
}
