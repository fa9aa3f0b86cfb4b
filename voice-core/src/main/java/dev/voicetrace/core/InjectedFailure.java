package dev.voicetrace.core;

import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Set;

/**
 * A failure forced inside voicetrace's own code, for the fault suite: {@code
 * -Dotel.instrumentation.voicetrace.debug.inject-failure=response_body,inbound_text} makes those sites
 * throw, so that a test can prove every failure there is swallowed, counted in {@code
 * voicetrace.internal.errors} and never seen by the application. Off (and free) unless set.
 */
public final class InjectedFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  public static final String KEY = "otel.instrumentation.voicetrace.debug.inject-failure";
  private static final Set<String> SITES = sites(System.getProperty(KEY));
  private static final boolean ANY = !SITES.isEmpty();

  private InjectedFailure(String site) {
    super("voicetrace failure injected at " + site + " (" + KEY + ")", null, false, false);
  }

  /** Throws when {@code site} is configured to fail. */
  public static void at(String site) {
    if (ANY && SITES.contains(site)) {
      throw new InjectedFailure(site);
    }
  }

  private static Set<String> sites(String value) {
    if (value == null || value.trim().isEmpty()) {
      return Collections.emptySet();
    }
    Set<String> out = new HashSet<>();
    for (String s : Arrays.asList(value.split(","))) {
      if (!s.trim().isEmpty()) {
        out.add(s.trim());
      }
    }
    return out;
  }
}
