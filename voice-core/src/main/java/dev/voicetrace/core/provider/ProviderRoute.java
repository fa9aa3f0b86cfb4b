package dev.voicetrace.core.provider;

import java.util.Locale;
import java.util.Map;

/**
 * One catalog entry: a method and a path pattern that identify a provider API, e.g. {@code POST
 * /v1/text-to-speech/{voice}/stream}. Patterns match the end of a request path, so that gateways,
 * proxies and base-URL prefixes do not matter; {@code {name}} captures a segment and {@code *}
 * matches any one segment.
 */
public final class ProviderRoute {
  final Operation operation;
  final String provider;
  final String method;
  final String[] segments;
  final BodyDialect dialect;
  /** {@link #toString}, which the parsers ask for on every call. */
  private final String text;

  ProviderRoute(Operation operation, String provider, String method, String path, BodyDialect dialect) {
    this.operation = operation;
    this.provider = provider;
    this.method = method.toUpperCase(Locale.ROOT);
    this.segments = split(path);
    this.dialect = dialect;
    this.text = operation.wireName() + ":" + provider + "=" + this.method + " /" + String.join("/", segments);
  }

  public Operation operation() {
    return operation;
  }

  public String provider() {
    return provider;
  }

  public BodyDialect dialect() {
    return dialect;
  }

  int length() {
    return segments.length;
  }

  /** Matches the end of {@code pathSegments}, filling {@code captures}; false if it does not match. */
  boolean matches(String method, String[] pathSegments, Map<String, String> captures) {
    if (!this.method.equals("*") && !this.method.equalsIgnoreCase(method)) {
      return false;
    }
    int offset = pathSegments.length - segments.length;
    if (offset < 0) {
      return false;
    }
    for (int i = 0; i < segments.length; i++) {
      String pattern = segments[i];
      String actual = pathSegments[offset + i];
      if (pattern.equals("*")) {
        continue;
      }
      if (pattern.startsWith("{") && pattern.endsWith("}")) {
        if (actual.isEmpty()) {
          return false;
        }
        captures.put(pattern.substring(1, pattern.length() - 1), actual);
        continue;
      }
      if (!pattern.equals(actual)) {
        return false;
      }
    }
    return true;
  }

  static String[] split(String path) {
    String p = path;
    while (p.startsWith("/")) {
      p = p.substring(1);
    }
    while (p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? new String[0] : p.split("/");
  }

  @Override
  public String toString() {
    return text;
  }
}
