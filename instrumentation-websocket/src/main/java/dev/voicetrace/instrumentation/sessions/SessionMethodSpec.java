package dev.voicetrace.instrumentation.sessions;

import dev.voicetrace.core.VoiceLog;
import dev.voicetrace.core.config.VoiceConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One {@code com.acme.Bot[handleCall,run]} entry of {@code ...voicetrace.session.methods}. */
final class SessionMethodSpec {
  static final String KEY = "otel.instrumentation.voicetrace.session.methods";

  final String className;
  final List<String> methods;

  SessionMethodSpec(String className, List<String> methods) {
    this.className = className;
    this.methods = methods;
  }

  static List<SessionMethodSpec> parseConfigured() {
    return parse(VoiceConfig.get().sessionMethods);
  }

  /** Parses the list; a malformed entry is skipped with one warning line naming it. */
  static List<SessionMethodSpec> parse(String value) {
    List<SessionMethodSpec> out = new ArrayList<>();
    if (value == null || value.trim().isEmpty()) {
      return out;
    }
    for (String raw : value.split(";")) {
      String entry = raw.trim();
      if (entry.isEmpty()) {
        continue;
      }
      int open = entry.indexOf('[');
      int close = entry.lastIndexOf(']');
      if (open <= 0 || close != entry.length() - 1 || close <= open + 1) {
        VoiceLog.warn(
            "ignoring '" + entry + "' in " + KEY
                + " (expected com.acme.Bot[method1,method2])");
        continue;
      }
      List<String> methods = new ArrayList<>();
      for (String m : Arrays.asList(entry.substring(open + 1, close).split(","))) {
        if (!m.trim().isEmpty()) {
          methods.add(m.trim());
        }
      }
      out.add(new SessionMethodSpec(entry.substring(0, open).trim(), methods));
    }
    return out;
  }
}
