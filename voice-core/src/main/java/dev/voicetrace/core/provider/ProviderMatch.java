package dev.voicetrace.core.provider;

import java.util.Map;

/** A request the catalog recognised: its route, the captured path segments and where it went. */
public final class ProviderMatch {
  public final ProviderRoute route;
  public final String provider;
  public final Map<String, String> pathParams;
  public final String query;
  public final String host;
  public final int port;

  ProviderMatch(
      ProviderRoute route, String provider, Map<String, String> pathParams, String query, String host, int port) {
    this.route = route;
    this.provider = provider;
    this.pathParams = pathParams;
    this.query = query;
    this.host = host;
    this.port = port;
  }

  /** A query parameter's decoded value, or {@code null}. */
  public String queryParam(String name) {
    if (query == null || query.isEmpty()) {
      return null;
    }
    for (String pair : query.split("&")) {
      int eq = pair.indexOf('=');
      String key = eq < 0 ? pair : pair.substring(0, eq);
      if (key.equals(name)) {
        String value = eq < 0 ? "" : pair.substring(eq + 1);
        try {
          return java.net.URLDecoder.decode(value, "UTF-8");
        } catch (java.io.UnsupportedEncodingException | IllegalArgumentException e) {
          return value;
        }
      }
    }
    return null;
  }
}
