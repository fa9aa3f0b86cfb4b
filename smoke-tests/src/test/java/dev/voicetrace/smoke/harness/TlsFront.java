package dev.voicetrace.smoke.harness;

import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import reactor.netty.DisposableServer;
import reactor.netty.http.Http2SslContextSpec;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;

/**
 * What a bot meets in production in front of the fake providers: HTTPS, with HTTP/2 offered by ALPN
 * (HTTP/1.1 for the clients that do not speak it), as the real speech and LLM endpoints do. Each request
 * is passed on to the fake provider server over plain HTTP/1.1 and its response streamed back as it
 * comes (headers and each chunk as they arrive; nothing is collected), so every knob of the fake server
 * (time to first byte, chunking, failures) holds behind it. The certificate is a fresh self-signed one for
 * {@code 127.0.0.1}, made with the JDK's {@code keytool}; a client trusts it through {@link
 * #trustStoreProperties()}. Runs in the test JVM, never in a JVM under test.
 */
public final class TlsFront implements AutoCloseable {

  private static final char[] PASSWORD = "voicetrace".toCharArray();
  /** Headers of one hop only, or that HTTP/2 forbids, or that the HTTP/2 codec adds: not passed on. */
  private static final Set<String> HOP_HEADERS = Set.of("connection", "keep-alive", "proxy-connection",
      "transfer-encoding", "upgrade", "te", "trailer", "host", "http2-settings");

  private final Path keyStore;
  private final DisposableServer server;
  private final ConnectionProvider pool = ConnectionProvider.create("tls-front", 64);
  private final List<String> protocols = new ArrayList<>();

  private TlsFront(Path keyStore, String target) throws Exception {
    this.keyStore = keyStore;
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(keyStore)) {
      ks.load(in, PASSWORD);
    }
    KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    keys.init(ks, PASSWORD);
    HttpClient upstream = HttpClient.create(pool);
    this.server = HttpServer.create()
        .host("127.0.0.1")
        .port(0)
        .protocol(HttpProtocol.H2, HttpProtocol.HTTP11)
        .secure(spec -> spec.sslContext(Http2SslContextSpec.forServer(keys)))
        .handle((request, response) -> {
          synchronized (protocols) {
            protocols.add(request.protocol() + " " + request.method().name() + " " + request.path());
          }
          return upstream
              .headers(h -> copy(request.requestHeaders(), h))
              .request(request.method())
              .uri(target + request.uri())
              .send(request.receive().retain())
              .response((answer, body) -> {
                response.status(answer.status());
                copy(answer.responseHeaders(), response.responseHeaders());
                return response.send(body.retain());
              })
              .then();
        })
        .bindNow(Duration.ofSeconds(10));
  }

  /** Starts a front for the fake provider server at {@code target} ({@code http://127.0.0.1:port}). */
  public static TlsFront start(String target) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("voicetrace-tls-front");
      Path keyStore = dir.resolve("front.p12");
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "front", "-keyalg", "EC",
          "-groupname", "secp256r1", "-dname", "CN=127.0.0.1", "-ext", "san=ip:127.0.0.1", "-validity", "2",
          "-storetype", "PKCS12", "-keystore", keyStore.toString(), "-storepass", new String(PASSWORD),
          "-keypass", new String(PASSWORD)).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new IllegalStateException("keytool failed: " + out);
      }
      return new TlsFront(keyStore, target);
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the TLS front in " + dir, e);
    }
  }

  /** {@code https://127.0.0.1:port}. */
  public String baseUrl() {
    return "https://127.0.0.1:" + server.port();
  }

  /** System properties that make a JVM's default trust store the front's certificate. */
  public Map<String, String> trustStoreProperties() {
    return Map.of("javax.net.ssl.trustStore", keyStore.toString(),
        "javax.net.ssl.trustStorePassword", new String(PASSWORD),
        "javax.net.ssl.trustStoreType", "PKCS12");
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
    server.disposeNow(Duration.ofSeconds(5));
    pool.disposeLater().block(Duration.ofSeconds(5));
    try {
      Files.deleteIfExists(keyStore);
      Files.deleteIfExists(keyStore.getParent());
    } catch (IOException ignored) {
      // a temporary directory: the OS cleans it up
    }
  }
}
