package dev.voicetrace.smoke.apps;

import dev.voicetrace.smoke.apps.VendorCalls.VendorCall;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Every {@link VendorCalls} request, then the malformed ones, over one HTTP client, read to the end as a player or a transcript
 * reader would (in small pieces where the client hands out a stream), one session per request: the
 * vendor × client cells of the matrix. The client is the second argument: {@code jdk}, {@code okhttp},
 * {@code okhttp5} (the same code, run with OkHttp 5 on the class path; the app prints {@code OKHTTP_JAR}
 * and the jar OkHttp came from), {@code apache}, {@code urlconnection}, {@code reactor-netty}, {@code apache-async} or {@code apache4}
 * (Apache HttpClient 4.5); each is a nested
 * class, so only the chosen client's library needs to be on the class path.
 *
 * <p>Before the sessions, one request to a path no vendor has (a 404, read to the end) warms the
 * client's connection pool and classes, as a running bot's would be. After each request the app prints
 * {@code RESULT scenario=… status=… audio=… text=… startMicros=… firstByteMicros=… endMicros=… compressed=…}: the
 * audio bytes and transcript it got, when (epoch microseconds) it handed the request to the client, got the
 * first body byte and finished reading, and whether the body reached it gzip or deflate compressed (it then
 * inflates it to read it).
 *
 * <p>Usage: {@code VendorMatrixApp <fake provider base url> <client> <run> [gzip|deflate|plain]}, where {@code run}
 * is sent in every request's {@link #RUN_HEADER}, and {@code gzip} or {@code deflate} makes the requests
 * {@link VendorCalls#servedCompressed} instead of every vendor request and the malformed ones; prints
 * {@code APP_DONE}.
 */
public class VendorMatrixApp {
  /** The clients, as the second argument names them. */
  public static final String[] CLIENTS =
      {"jdk", "okhttp", "okhttp5", "apache", "urlconnection", "reactor-netty", "apache-async", "apache4"};
  private static final int PIECE = 512;

  /** One HTTP client: sends a POST with these headers and body, reads the response to its end. */
  interface Client extends AutoCloseable {
    Response post(String url, VendorCall call) throws Exception;

    @Override
    default void close() throws Exception {}
  }

  /**
   * What came back, and when (epoch microseconds): the app handed the request to the client, got the
   * first body byte, had read it all.
   */
  record Response(int status, byte[] body, long startMicros, long firstByteMicros, long endMicros) {}

  /** Collects a body as the app reads it, noting when its first byte came and when it ended. */
  static final class Body {
    final long startMicros = nowMicros();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private long firstByteMicros;
    private volatile long endMicros;

    /** The body ended now, on whatever thread the client delivered its end (not when the app's thread woke). */
    void ended() {
      endMicros = nowMicros();
    }

    void add(byte[] chunk, int off, int len) {
      if (len > 0 && firstByteMicros == 0) {
        firstByteMicros = nowMicros();
      }
      bytes.write(chunk, off, len);
    }

    void readAll(InputStream in) throws Exception {
      try (InputStream s = in) {
        byte[] piece = new byte[PIECE];
        int n;
        while ((n = s.read(piece)) != -1) {
          add(piece, 0, n);
        }
        ended(); // the app saw the end: before the close, which may block or be descheduled on a busy machine
      }
    }

    Response response(int status) {
      return new Response(status, bytes.toByteArray(), startMicros, firstByteMicros,
          endMicros != 0 ? endMicros : nowMicros());
    }
  }

  /** The request header naming the run (the third argument), so that the fake server's journal tells two runs apart. */
  public static final String RUN_HEADER = "x-app-run";

  private final String baseUrl;
  private final Client client;
  private final String run;

  VendorMatrixApp(String baseUrl, Client client, String run) {
    this.baseUrl = baseUrl;
    this.client = client;
    this.run = run;
  }

  public static void main(String[] args) throws Exception {
    Client client = switch (args[1]) {
      case "jdk" -> new Jdk();
      case "okhttp", "okhttp5" -> new OkHttp();
      case "apache" -> new Apache();
      case "urlconnection" -> new UrlConnection();
      case "reactor-netty" -> new ReactorNetty();
      case "apache-async" -> new ApacheAsync();
      case "apache4" -> new Apache4();
      default -> throw new IllegalArgumentException("unknown client " + args[1]);
    };
    String encoding = args.length > 3 && !args[3].equals("plain") ? args[3] : null;
    try (client) {
      VendorMatrixApp app = new VendorMatrixApp(args[0], client, args[2]);
      Response warm = client.post(args[0] + "/v1/unknown-vendor/synthesize",
          VendorCalls.elevenLabsStream().withHeader(RUN_HEADER, args[2]));
      System.out.println("WARM status=" + warm.status());
      for (VendorCall call : VendorCalls.matrixRun(encoding)) {
        app.call(call);
      }
    }
    System.out.println("APP_DONE");
  }

  /** The session method: one vendor request. */
  public void call(VendorCall call) throws Exception {
    Response r = client.post(baseUrl + call.pathAndQuery(), call.withHeader(RUN_HEADER, run));
    boolean compressed = call.reading() != VendorCalls.Reading.AUDIO && (isGzip(r.body()) || isZlib(r.body()));
    VendorCalls.Seen seen = VendorCalls.seen(call, compressed ? inflated(r.body()) : r.body());
    System.out.println("RESULT scenario=" + call.name() + " status=" + r.status() + " audio=" + seen.audioBytes()
        + " text=" + seen.text() + " startMicros=" + r.startMicros() + " firstByteMicros=" + r.firstByteMicros()
        + " endMicros=" + r.endMicros() + " compressed=" + compressed);
  }

  /**
   * The body came to the app gzip. The JDK {@code HttpClient}, {@code HttpURLConnection}, Reactor Netty without
   * {@code compress(true)} and Apache HttpClient 5 async hand a compressed body over as it came; OkHttp inflates
   * gzip (not deflate) first, the Apache classic clients both.
   */
  private static boolean isGzip(byte[] body) {
    return body.length >= 2 && (body[0] & 0xff) == 0x1f && (body[1] & 0xff) == 0x8b;
  }

  /** The body came to the app in the zlib format ({@code Content-Encoding: deflate}): no JSON or event starts so. */
  private static boolean isZlib(byte[] body) {
    return body.length >= 2 && (body[0] & 0x0f) == 8 && ((body[0] & 0xff) * 256 + (body[1] & 0xff)) % 31 == 0;
  }

  /** A compressed body inflated, as an app (google-http-client, for one) does when its client hands it over so. */
  private static byte[] inflated(byte[] body) throws java.io.IOException {
    InputStream raw = new java.io.ByteArrayInputStream(body);
    try (InputStream in = isGzip(body) ? new java.util.zip.GZIPInputStream(raw)
        : new java.util.zip.InflaterInputStream(raw)) {
      return in.readAllBytes();
    }
  }

  static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  /** JDK {@code HttpClient.send} with {@code BodyHandlers.ofInputStream()}. */
  static final class Jdk implements Client {
    private final java.net.http.HttpClient http =
        java.net.http.HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Response post(String url, VendorCall call) throws Exception {
      Body body = new Body();
      java.net.http.HttpRequest.Builder b = java.net.http.HttpRequest.newBuilder(URI.create(url))
          .timeout(Duration.ofSeconds(20)).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(call.body()));
      call.headers().forEach(b::header);
      java.net.http.HttpResponse<InputStream> r =
          http.send(b.build(), java.net.http.HttpResponse.BodyHandlers.ofInputStream());
      body.readAll(r.body());
      return body.response(r.statusCode());
    }
  }

  /** OkHttp {@code Call.execute()}, {@code ResponseBody.byteStream()}. */
  static final class OkHttp implements Client {
    private final okhttp3.OkHttpClient http =
        new okhttp3.OkHttpClient.Builder().readTimeout(20, TimeUnit.SECONDS).build();

    OkHttp() {
      System.out.println("OKHTTP_JAR " + okhttp3.OkHttpClient.class.getProtectionDomain().getCodeSource().getLocation());
    }

    @Override
    public Response post(String url, VendorCall call) throws Exception {
      // the content type as a header, not a MediaType: OkHttp's parser refuses some vendors' (Azure's
      // "codecs=audio/pcm"), and a body without one leaves the header as the app set it
      okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url)
          .post(okhttp3.RequestBody.create(call.body(), null));
      call.headers().forEach(b::header);
      Body body = new Body();
      try (okhttp3.Response r = http.newCall(b.build()).execute()) {
        body.readAll(r.body().byteStream());
        return body.response(r.code());
      }
    }

    @Override
    public void close() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /** Apache HttpClient 5 classic {@code execute(request)}, the entity's content stream. */
  static final class Apache implements Client {
    private final org.apache.hc.client5.http.impl.classic.CloseableHttpClient http =
        org.apache.hc.client5.http.impl.classic.HttpClients.createDefault();

    @Override
    public Response post(String url, VendorCall call) throws Exception {
      org.apache.hc.client5.http.classic.methods.HttpPost post = new org.apache.hc.client5.http.classic.methods.HttpPost(url);
      call.headers().forEach((name, value) -> {
        if (!name.equals("Content-Type")) {
          post.setHeader(name, value);
        }
      });
      post.setEntity(new org.apache.hc.core5.http.io.entity.ByteArrayEntity(call.body(),
          org.apache.hc.core5.http.ContentType.parse(call.contentType())));
      Body body = new Body();
      try (org.apache.hc.client5.http.impl.classic.CloseableHttpResponse r = http.execute(post)) {
        if (r.getEntity() != null) {
          body.readAll(r.getEntity().getContent());
        }
        return body.response(r.getCode());
      }
    }

    @Override
    public void close() throws Exception {
      http.close();
    }
  }

  /** Apache HttpClient 4.5 classic {@code execute(request)}, the entity's content stream, the response closed. */
  static final class Apache4 implements Client {
    private final org.apache.http.impl.client.CloseableHttpClient http =
        org.apache.http.impl.client.HttpClients.createDefault();

    @Override
    public Response post(String url, VendorCall call) throws Exception {
      org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
      call.headers().forEach(post::setHeader);
      post.setEntity(new org.apache.http.entity.ByteArrayEntity(call.body()));
      Body body = new Body();
      try (org.apache.http.client.methods.CloseableHttpResponse r = http.execute(post)) {
        if (r.getEntity() != null) {
          body.readAll(r.getEntity().getContent());
        }
        return body.response(r.getStatusLine().getStatusCode());
      }
    }

    @Override
    public void close() throws Exception {
      http.close();
    }
  }

  /** {@code HttpURLConnection}: the request body written to its output stream, {@code getInputStream()} read. */
  static final class UrlConnection implements Client {
    @Override
    public Response post(String url, VendorCall call) throws Exception {
      Body body = new Body();
      HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setConnectTimeout(5000);
      c.setReadTimeout(20000);
      call.headers().forEach(c::setRequestProperty);
      try (OutputStream out = c.getOutputStream()) {
        out.write(call.body());
      }
      int status = c.getResponseCode();
      InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (in != null) {
        body.readAll(in);
      }
      return body.response(status);
    }
  }

  /** Reactor Netty {@code HttpClient}: headers per request, a {@code Mono} body, {@code response(…)} read chunk by chunk. */
  static final class ReactorNetty implements Client {
    private final reactor.netty.http.client.HttpClient http = reactor.netty.http.client.HttpClient.create();

    @Override
    public Response post(String url, VendorCall call) {
      AtomicInteger status = new AtomicInteger();
      Body body = new Body();
      http.headers(h -> call.headers().forEach(h::set)).post().uri(url)
          .send(reactor.core.publisher.Mono.fromSupplier(() -> io.netty.buffer.Unpooled.wrappedBuffer(call.body())))
          .response((response, content) -> {
            status.set(response.status().code());
            return content.asByteArray();
          })
          .doOnNext(chunk -> body.add(chunk, 0, chunk.length))
          .doOnComplete(body::ended)
          .blockLast(Duration.ofSeconds(20));
      return body.response(status.get());
    }

    @Override
    public void close() {
      ReactorNettyApp.shutDown();
    }
  }

  /**
   * Apache HttpClient 5 async: a {@code SimpleRequestProducer} and a streaming {@code
   * AbstractBinResponseConsumer}, the future awaited.
   */
  static final class ApacheAsync implements Client {
    private final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient http =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();

    ApacheAsync() {
      http.start();
    }

    @Override
    public Response post(String url, VendorCall call) throws Exception {
      org.apache.hc.client5.http.async.methods.SimpleRequestBuilder b =
          org.apache.hc.client5.http.async.methods.SimpleRequestBuilder.post(url)
              .setBody(call.body(), org.apache.hc.core5.http.ContentType.parse(call.contentType()));
      call.headers().forEach((name, value) -> {
        if (!name.equals("Content-Type")) {
          b.setHeader(name, value);
        }
      });
      Body body = new Body();
      AtomicInteger status = new AtomicInteger();
      http.execute(org.apache.hc.client5.http.async.methods.SimpleRequestProducer.create(b.build()),
          new org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer<Void>() {
            @Override
            protected void start(org.apache.hc.core5.http.HttpResponse response,
                org.apache.hc.core5.http.ContentType contentType) {
              status.set(response.getCode());
            }

            @Override
            protected int capacityIncrement() {
              return 64 * 1024;
            }

            @Override
            protected void data(java.nio.ByteBuffer src, boolean endOfStream) {
              byte[] chunk = new byte[src.remaining()];
              src.get(chunk);
              body.add(chunk, 0, chunk.length);
              if (endOfStream) {
                body.ended();
              }
            }

            @Override
            protected Void buildResult() {
              return null;
            }

            @Override
            public void releaseResources() {}
          }, null).get(20, TimeUnit.SECONDS);
      return body.response(status.get());
    }

    @Override
    public void close() throws Exception {
      http.close();
    }
  }
}
