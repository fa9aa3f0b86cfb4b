package dev.voicetrace.instrumentation.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One {@code com.acme.Ws#onConnect/onDisconnect} entry of {@code
 * ...voicetrace.session.connection-methods}: the session opens in the first method and ends in the
 * second, keyed by the identity of their first argument (the framework's connection object).
 */
final class ConnectionMethodSpec {
  static final String KEY = "otel.instrumentation.voicetrace.session.connection-methods";

  final String className;
  final String openMethod;
  final String closeMethod;

  ConnectionMethodSpec(String className, String openMethod, String closeMethod) {
    this.className = className;
    this.openMethod = openMethod;
    this.closeMethod = closeMethod;
  }

  static List<ConnectionMethodSpec> parseConfigured() {
    String value = System.getProperty(KEY);
    if (value == null) {
      value = System.getenv(KEY.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_'));
    }
    return parse(value);
  }

  /** Parses the list; a malformed entry is skipped with one warning line naming it. */
  static List<ConnectionMethodSpec> parse(String value) {
    List<ConnectionMethodSpec> out = new ArrayList<>();
    if (value == null || value.trim().isEmpty()) {
      return out;
    }
    for (String raw : value.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int hash = entry.indexOf('#');
      int slash = entry.indexOf('/', hash + 1);
      if (hash <= 0 || slash <= hash + 1 || slash == entry.length() - 1) {
        System.err.println(
            "[voicetrace] WARN ignoring '" + entry + "' in " + KEY + " (expected com.acme.Ws#onConnect/onDisconnect)");
        continue;
      }
      out.add(new ConnectionMethodSpec(
          entry.substring(0, hash).trim(), entry.substring(hash + 1, slash).trim(), entry.substring(slash + 1).trim()));
    }
    return out;
  }
}
