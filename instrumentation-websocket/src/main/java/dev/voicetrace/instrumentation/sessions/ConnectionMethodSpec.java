package dev.voicetrace.instrumentation.sessions;

import dev.voicetrace.core.VoiceLog;
import dev.voicetrace.core.config.VoiceConfig;
import java.util.ArrayList;
import java.util.List;

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
    return parse(VoiceConfig.get().connectionMethods);
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
        VoiceLog.warn(
            "ignoring '" + entry + "' in " + KEY + " (expected com.acme.Ws#onConnect/onDisconnect)");
        continue;
      }
      out.add(new ConnectionMethodSpec(
          entry.substring(0, hash).trim(), entry.substring(hash + 1, slash).trim(), entry.substring(slash + 1).trim()));
    }
    return out;
  }
}
