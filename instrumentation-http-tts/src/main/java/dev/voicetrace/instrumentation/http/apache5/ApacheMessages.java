package dev.voicetrace.instrumentation.http.apache5;

import java.util.function.Function;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.MessageHeaders;

/** What the classic and the async Apache HttpClient 5 hooks read from a request or response alike. */
public final class ApacheMessages {
  private ApacheMessages() {}

  /** The request's absolute URL ({@code host} given separately when the request has no authority), or null. */
  public static String url(HttpHost host, HttpRequest request) {
    try {
      if (host != null && request.getAuthority() == null) {
        return host.toURI() + request.getRequestUri();
      }
      return request.getUri().toString();
    } catch (Exception e) {
      return null;
    }
  }

  /** Looks up a header of {@code message} by name (its first value), as the provider call asks. */
  public static Function<String, String> headers(MessageHeaders message) {
    return name -> {
      Header h = message.getFirstHeader(name);
      return h == null ? null : h.getValue();
    };
  }
}
