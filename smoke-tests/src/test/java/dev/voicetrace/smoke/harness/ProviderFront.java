package dev.voicetrace.smoke.harness;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.channels.NotYetConnectedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.net.ssl.KeyManagerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.util.retry.Retry;

/**
 * What a bot meets in production in front of the fake providers: HTTPS, with HTTP/2 offered by ALPN
 * (HTTP/1.1 for the clients that do not speak it), as the real speech and LLM endpoints do ({@link #start});
 * or, as a sidecar or a self-hosted model server on a private network may offer it, HTTP/2 over cleartext
 * (h2c: a client's HTTP/1.1 request with {@code Upgrade: h2c}, its body included, or HTTP/2 with prior knowledge;
 * HTTP/1.1 for the others) ({@link #cleartext}). Each request is passed on to the fake provider server over plain
 * HTTP/1.1 and its response streamed back as it comes (headers and each chunk as they arrive; nothing is
 * collected), so every knob of the fake server (time to first byte, chunking, failures) holds behind it. Over TLS
 * it presents a fresh {@link TestCertificate}; a client trusts it through {@link #trustStoreProperties()}. Runs
 * in the test JVM, never in a JVM under test.
 */
public final class ProviderFront implements AutoCloseable {

  /** Headers of one hop only, or that HTTP/2 forbids, or that the HTTP/2 codec adds: not passed on. */
  private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "te", "trailer", "host", "http2-settings");

  /** The largest request body an h2c upgrade request may carry (Netty's default takes none). */
  private static final int H2C_UPGRADE_MAX_BODY = 1 << 20;

  /** Null for the cleartext front. */
  private final TestCertificate certificate;
  /** The front made its certificate (and deletes it when closed), or was given one it leaves alone. */
  private final boolean ownsCertificate;
  private final DisposableServer server;
  private final List<String> protocols = new ArrayList<>();

  private ProviderFront(TestCertificate certificate, boolean ownsCertificate, String target) {
    this.certificate = certificate;
    this.ownsCertificate = ownsCertificate;
    // a new connection to the fake server for each request: a pooled one may have been closed by the server
    // after a cancelled stream
    HttpClient upstream = HttpClient.newConnection();
    HttpServer front = HttpServer.create().host("127.0.0.1").port(0);
    if (certificate == null) {
      front = front.protocol(HttpProtocol.H2C, HttpProtocol.HTTP11)
          .httpRequestDecoder(spec -> spec.h2cMaxContentLength(H2C_UPGRADE_MAX_BODY));
    } else {
      KeyManagerFactory keys = certificate.keyManagers();
      front = front.protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
          .secure(spec -> spec.sslContext(Http2SslContextSpec.forServer(keys)));
    }
    this.server = front
        .handle((request, response) -> {
          synchronized (protocols) {
            protocols.add(request.protocol() + " " + request.method().name() + " " + request.path());
          }
          // the request body is read whole first, so that a request whose new connection failed before it was
          // sent can be sent again: Reactor Netty now and then fails a write on a just-opened connection with
          // NotYetConnectedException (reactor/reactor-netty#1013; seen here once in about ten runs, the app then
          // getting a 500 from the front). The app's request and the fake server's answer are passed on unchanged.
          AtomicBoolean answered = new AtomicBoolean();
          return request.receive().aggregate().asByteArray().defaultIfEmpty(new byte[0])
              .flatMap(body -> upstream
                  .headers(h -> copy(request.requestHeaders(), h))
                  .request(request.method())
                  .uri(target + request.uri())
                  .send(Mono.fromSupplier(() -> Unpooled.wrappedBuffer(body)))
                  .response((answer, content) -> {
                    answered.set(true);
                    response.status(answer.status());
                    copy(answer.responseHeaders(), response.responseHeaders());
                    return response.send(content.retain());
                  })
                  .then()
                  .retryWhen(Retry.max(2)
                      .filter(failure -> failure instanceof NotYetConnectedException && !answered.get())
                      .doBeforeRetry(retry -> System.err.println("ProviderFront: " + request.method().name() + " "
                          + request.uri() + " sent again after " + retry.failure()))))
              .doOnError(failure -> System.err.println("ProviderFront: " + request.method().name() + " "
                  + request.uri() + " failed: " + failure));
        })
        .bindNow(Duration.ofSeconds(10));
  }

  /** Starts a front for the fake provider server at {@code target} ({@code http://127.0.0.1:port}). */
  public static ProviderFront start(String target) {
    TestCertificate certificate = TestCertificate.create();
    try {
      return new ProviderFront(certificate, true, target);
    } catch (RuntimeException | Error e) {
      certificate.close();
      throw e;
    }
  }

  /** A cleartext front for the fake provider server at {@code target}: h2c and HTTP/1.1, no TLS. */
  public static ProviderFront cleartext(String target) {
    return new ProviderFront(null, false, target);
  }

  /** {@link #start(String)} with the given certificate, which the caller closes. */
  public static ProviderFront start(String target, TestCertificate certificate) {
    return new ProviderFront(certificate, false, target);
  }

  /** {@code https://127.0.0.1:port}, or {@code http://…} for the cleartext front. */
  public String baseUrl() {
    return (certificate == null ? "http" : "https") + "://127.0.0.1:" + server.port();
  }

  /** System properties that make a JVM's default trust store the front's certificate (none for cleartext). */
  public Map<String, String> trustStoreProperties() {
    return certificate == null ? Map.of() : certificate.trustStoreProperties();
  }

  /** Every request so far as {@code "<protocol> <method> <path>"}, e.g. {@code "HTTP/2.0 POST /v1/..."}. */
  public List<String> requests() {
    synchronized (protocols) {
      return List.copyOf(protocols);
    }
  }

  private static void copy(HttpHeaders from, HttpHeaders to) {
    for (Map.Entry<String, String> header : from) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_HEADERS.contains(name) && !name.startsWith("x-http2-") && !name.startsWith(":")) {
        to.add(name, header.getValue());
      }
    }
  }

  @Override
  public void close() {
    try {
      server.disposeNow(Duration.ofSeconds(5));
    } finally {
      if (ownsCertificate && certificate != null) {
        certificate.close();
      }
    }
  }
}
