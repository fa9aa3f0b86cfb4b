package dev.voicetrace.smoke.apps;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.management.ObjectName;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.CloseableHttpResponse;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.StringEntity;

/**
 * Provider faults as an application meets them: each {@link #CASES case} is one request to the fake
 * provider server carrying an {@code x-fake-fault} header (gzip, deflate, 1-byte chunks, a stall, a reset or
 * truncated connection, garbage, a huge body, an error status), an ElevenLabs TTS request with a
 * 100,000-character text, one read partially ({@link ClientScenarios#PARTIAL_BYTES}) and closed
 * (barge-in), or a request to a path no vendor has, over the client named by the first
 * argument: {@code jdk} ({@code HttpClient.send} with {@code ofInputStream()}), {@code okhttp}
 * ({@code execute}, {@code byteStream()}), {@code apache} (HttpClient 5 classic {@code execute},
 * {@code getContent()}), {@code urlconnection} ({@code HttpURLConnection}: {@code getInputStream()}, or
 * {@code getErrorStream()} for an error status) or {@code reactornetty} (Reactor Netty {@code HttpClient}:
 * {@code response(…)}'s content as a blocking stream of chunks; closing it cancels the subscription), {@code
 * apacheasync} (HttpClient 5 async {@code execute} with a streaming {@code AbstractBinResponseConsumer} whose chunks
 * the app reads as a stream; closing it cancels the future) or {@code apache4} (HttpClient 4.5 classic {@code
 * execute}, {@code getContent()}, the response closed). The body is read in pieces to its end (or its failure) and closed
 * ({@code chatCloseAtDone}: closed once the {@code [DONE]} event was read, before the end of the body). Each case
 * is one call of the session method {@link #runCase}; after it the app prints
 * {@code RESULT case=… status=… bytes=… sha256=… error=… ms=… closeAt=…}: what it saw, for a run with
 * the agent to be compared with one without, and when (epoch µs) it closed the body.
 *
 * <p>Usage: {@code ProviderFaultsApp jdk|okhttp|apache|urlconnection|reactornetty|apacheasync|apache4 <fake provider
 * base url>}; prints {@code APP_DONE}.
 */
public class ProviderFaultsApp {
  /** TTS cases: {case, x-fake-fault}. */
  public static final String[][] TTS_CASES = {
    {"ttsGzip", "gzip"}, {"ttsByteChunks", "byte-chunks"}, {"ttsStall", "stall=" + ProviderFaultsApp.STALL_MS},
    {"ttsReset", "reset=2"}, {"ttsTruncated", "truncate=2"}, {"ttsGarbage", "garbage"},
    {"ttsHuge", "huge=" + ProviderFaultsApp.HUGE_BYTES}, {"tts503", "status=503"}, {"ttsLongText", ""},
    {"ttsPartial", ""}, {"ttsResetBeforeHeaders", "reset=0"},
  };
  /** Streaming chat cases: {case, x-fake-fault}. */
  public static final String[][] CHAT_CASES = {
    {"chatGzip", "gzip"}, {"chatDeflate", "deflate"}, {"chatRawDeflate", "raw-deflate"},
    {"chatByteChunks", "byte-chunks"}, {"chatStall", "stall=" + ProviderFaultsApp.STALL_MS},
    {"chatReset", "reset=3"}, {"chatTruncated", "truncate=3"}, {"chatGarbage", "garbage"},
    {"chatCloseAtDone", ""},
  };
  /** The last event of a chat stream: {@code chatCloseAtDone} closes the body once it read it, not at its end. */
  private static final String DONE_EVENT = "data: [DONE]\n\n";
  public static final String UNKNOWN_CASE = "unknownVendor";
  /**
   * OpenAI speech streamed as SSE ({@code stream_format: sse}) whose stream reports a failure after
   * {@link #SPEECH_DELTAS_BEFORE_ERROR} audio deltas: a 200 body to the app, an ERROR span.
   */
  public static final String SPEECH_SSE_ERROR_CASE = "speechSseError";
  public static final int SPEECH_DELTAS_BEFORE_ERROR = 2;
  public static final String SPEECH_MODEL = "gpt-4o-mini-tts";
  /** Every case in the order the app runs them (one session each). */
  public static final String[] CASES = cases();
  public static final long STALL_MS = 800;
  public static final int HUGE_BYTES = 32 * 1024 * 1024;
  public static final int LONG_TEXT_CHARS = 100_000;
  /** A path shaped like a speech API that no vendor (and no catalog entry) has. */
  public static final String UNKNOWN_PATH = "/v1/unknown-vendor/synthesize";

  private final String baseUrl;
  private final Transport transport;

  ProviderFaultsApp(String client, String baseUrl) {
    this.baseUrl = baseUrl;
    this.transport = transport(client);
  }

  /** The client the first argument names, reading a response as a blocking stream of what the client hands over. */
  static Transport transport(String client) {
    return switch (client) {
      case "jdk" -> new Jdk();
      case "okhttp" -> new OkHttp();
      case "apache" -> new Apache();
      case "urlconnection" -> new UrlConnection();
      case "reactornetty" -> new ReactorNetty();
      case "apacheasync" -> new ApacheAsync();
      case "apache4" -> new Apache4();
      default -> throw new IllegalArgumentException(
          "client: jdk, okhttp, apache, urlconnection, reactornetty, apacheasync or apache4, not " + client);
    };
  }

  public static void main(String[] args) throws Exception {
    ProviderFaultsApp app = new ProviderFaultsApp(args[0], args[1]);
    app.warmUp();
    java.util.Set<Thread> baselineThreads = Thread.getAllStackTraces().keySet();
    for (String[] c : TTS_CASES) {
      String text = c[0].equals("ttsLongText") ? "a".repeat(LONG_TEXT_CHARS - 1) + "." : ClientScenarios.TTS_TEXT;
      app.runCase(c[0], ClientScenarios.ttsPath("voice-" + c[0]), c[1], ttsJson(text));
    }
    app.runCase(SPEECH_SSE_ERROR_CASE, "/v1/audio/speech", "stream-error=" + SPEECH_DELTAS_BEFORE_ERROR,
        "{\"model\":\"" + SPEECH_MODEL + "\",\"voice\":\"alloy\",\"input\":\"" + ClientScenarios.TTS_TEXT
            + "\",\"response_format\":\"pcm\",\"stream_format\":\"sse\"}");
    for (String[] c : CHAT_CASES) {
      app.runCase(c[0], "/v1/chat/completions", c[1], ClientScenarios.chatJson());
    }
    app.runCase(UNKNOWN_CASE, UNKNOWN_PATH, "", ClientScenarios.ttsJson());
    app.transport.close();
    java.util.List<String> started = Thread.getAllStackTraces().keySet().stream()
        .filter(t -> !baselineThreads.contains(t)).map(Thread::getName).sorted().toList();
    System.out.println("THREADS baseline=" + baselineThreads.size() + " started=" + String.join("|", started));
    printLeftovers();
    System.out.println("APP_DONE");
  }

  /**
   * After a full GC, the live instances of voicetrace's own classes ({@code dev.voicetrace.*} but this app's),
   * one {@code LEFTOVER <class> <instances>} line each, from the class histogram the JVM's own diagnostic command
   * ({@code GC.class_histogram}, what {@code jcmd} runs) gives in this process. In-process rather than a
   * {@code jcmd} of itself: on Temurin 25 here, a {@code jcmd GC.class_histogram} a JVM starts against itself
   * never returns (against another JVM it does).
   */
  private static void printLeftovers() throws Exception {
    String histogram = (String) ManagementFactory.getPlatformMBeanServer().invoke(
        new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
        new Object[] {new String[0]}, new String[] {String[].class.getName()});
    Matcher row = Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(dev\\.voicetrace\\.\\S+)").matcher(histogram);
    while (row.find()) {
      if (!row.group(2).startsWith("dev.voicetrace.smoke.")) {
        System.out.println("LEFTOVER " + row.group(2) + " " + row.group(1));
      }
    }
    System.out.println("LEFTOVERS_LISTED");
  }

  /** One plain TTS request outside any call: classes and connections ready before the timed cases. */
  private void warmUp() throws Exception {
    Reply reply = transport.post(baseUrl + ClientScenarios.ttsPath("voice-warm-up"), "", ClientScenarios.ttsJson());
    try (AutoCloseable resource = reply.resource) {
      reply.body.readAllBytes();
    }
  }

  private static String[] cases() {
    String[] all = new String[TTS_CASES.length + CHAT_CASES.length + 2];
    int i = 0;
    for (String[] c : TTS_CASES) {
      all[i++] = c[0];
    }
    all[i++] = SPEECH_SSE_ERROR_CASE;
    for (String[] c : CHAT_CASES) {
      all[i++] = c[0];
    }
    all[i] = UNKNOWN_CASE;
    return all;
  }

  private static String ttsJson(String text) {
    return "{\"text\":\"" + text + "\",\"model_id\":\"" + ClientScenarios.TTS_MODEL + "\"}";
  }

  /** One case, one session: sends, reads the body in pieces to its end or failure, closes, prints. */
  public void runCase(String name, String path, String fault, String json) throws Exception {
    long start = System.nanoTime();
    int status = -1;
    long bytes = 0;
    String error = "none";
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    Reply reply = null;
    long closeAt = 0;
    long limit = name.equals("ttsPartial") ? ClientScenarios.PARTIAL_BYTES : Long.MAX_VALUE;
    try {
      reply = transport.post(baseUrl + path, fault, json);
      status = reply.status;
      byte[] buffer = new byte[8192];
      int n;
      boolean closeAtDone = name.equals("chatCloseAtDone");
      String tail = "";
      while (bytes < limit && (n = reply.body.read(buffer, 0, (int) Math.min(buffer.length, limit - bytes))) != -1) {
        bytes += n;
        digest.update(buffer, 0, n);
        if (closeAtDone) {
          tail += new String(buffer, Math.max(0, n - DONE_EVENT.length()), Math.min(n, DONE_EVENT.length()),
              StandardCharsets.ISO_8859_1);
          tail = tail.substring(Math.max(0, tail.length() - DONE_EVENT.length()));
          if (tail.equals(DONE_EVENT)) {
            break; // as LLM clients do: the stream's last event came, the body is closed without reading its end
          }
        }
      }
    } catch (IOException | RuntimeException e) {
      error = e.getClass().getName() + ":" + e.getMessage();
    } finally {
      closeAt = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
      if (reply != null) {
        try {
          reply.resource.close();
        } catch (Exception e) {
          error += "/close:" + e.getClass().getName();
        }
      }
    }
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    System.out.println("RESULT case=" + name + " status=" + status + " bytes=" + bytes + " sha256="
        + HexFormat.of().formatHex(digest.digest()) + " error=" + error.replace(' ', '_') + " ms=" + ms
        + " closeAt=" + closeAt);
  }

  /** A body the client pushes in chunks, read by the app as a stream. */
  abstract static class ChunkStream extends InputStream {
    private byte[] chunk = new byte[0];
    private int at;

    /** The next chunk, or {@code null} at the end of the body; throws the exchange's failure. */
    abstract byte[] nextChunk() throws IOException;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      while (at == chunk.length) {
        byte[] next = nextChunk();
        if (next == null) {
          return -1;
        }
        chunk = next;
        at = 0;
      }
      int n = Math.min(len, chunk.length - at);
      System.arraycopy(chunk, at, b, off, n);
      at += n;
      return n;
    }
  }

  /** A response as the app holds it: status, the body stream, what to close. */
  record Reply(int status, InputStream body, AutoCloseable resource) {}

  interface Transport {
    Reply post(String url, String fault, String json) throws IOException;

    void close() throws IOException;
  }

  static final class Jdk implements Transport {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
          .header("Content-Type", "application/json").header("xi-api-key", "xi-faults-app")
          .header("Authorization", "Bearer sk-faults-app")
          .POST(HttpRequest.BodyPublishers.ofString(json));
      if (!fault.isEmpty()) {
        b.header("x-fake-fault", fault);
      }
      try {
        HttpResponse<InputStream> r = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        return new Reply(r.statusCode(), r.body(), r.body());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException(e);
      }
    }

    @Override
    public void close() {}
  }

  static final class OkHttp implements Transport {
    private final okhttp3.OkHttpClient http = new okhttp3.OkHttpClient.Builder()
        .readTimeout(20, TimeUnit.SECONDS).build();

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      okhttp3.Request.Builder b = new okhttp3.Request.Builder().url(url)
          .header("xi-api-key", "xi-faults-app").header("Authorization", "Bearer sk-faults-app")
          .post(okhttp3.RequestBody.create(json, okhttp3.MediaType.get("application/json")));
      if (!fault.isEmpty()) {
        b.header("x-fake-fault", fault);
      }
      okhttp3.Response r = http.newCall(b.build()).execute();
      return new Reply(r.code(), r.body().byteStream(), r);
    }

    @Override
    public void close() {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  static final class Apache implements Transport {
    private final CloseableHttpClient http = HttpClients.createDefault();

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      HttpPost post = new HttpPost(url);
      post.setHeader("xi-api-key", "xi-faults-app");
      post.setHeader("Authorization", "Bearer sk-faults-app");
      if (!fault.isEmpty()) {
        post.setHeader("x-fake-fault", fault);
      }
      post.setEntity(new StringEntity(json, ContentType.APPLICATION_JSON));
      CloseableHttpResponse r = http.execute(post);
      InputStream body = r.getEntity() == null ? InputStream.nullInputStream() : r.getEntity().getContent();
      return new Reply(r.getCode(), body, r);
    }

    @Override
    public void close() throws IOException {
      http.close();
    }
  }

  static final class UrlConnection implements Transport {
    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      java.net.HttpURLConnection c = (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setConnectTimeout(5000);
      c.setReadTimeout(20000);
      c.setRequestMethod("POST");
      c.setDoOutput(true);
      c.setRequestProperty("Content-Type", "application/json");
      c.setRequestProperty("xi-api-key", "xi-faults-app");
      c.setRequestProperty("Authorization", "Bearer sk-faults-app");
      if (!fault.isEmpty()) {
        c.setRequestProperty("x-fake-fault", fault);
      }
      try (java.io.OutputStream out = c.getOutputStream()) {
        out.write(json.getBytes(StandardCharsets.UTF_8));
      }
      int status = c.getResponseCode();
      InputStream body = status >= 400 ? c.getErrorStream() : c.getInputStream();
      if (body == null) {
        body = InputStream.nullInputStream();
      }
      return new Reply(status, body, body);
    }

    @Override
    public void close() {}
  }

  /**
   * Reactor Netty as a blocking caller uses it: the status from {@code response(…)}, the content's chunks
   * through {@code toStream()}, read as an {@code InputStream} (a failure of the exchange comes out of the
   * read as the {@code IOException} Reactor wrapped); closing the stream cancels the exchange.
   */
  static final class ReactorNetty implements Transport {
    private final reactor.netty.http.client.HttpClient http =
        reactor.netty.http.client.HttpClient.create().responseTimeout(Duration.ofSeconds(20));

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
      java.util.stream.Stream<byte[]> chunks = http
          .headers(h -> {
            h.set("Content-Type", "application/json");
            h.set("xi-api-key", "xi-faults-app");
            h.set("Authorization", "Bearer sk-faults-app");
            if (!fault.isEmpty()) {
              h.set("x-fake-fault", fault);
            }
          })
          .post().uri(url)
          .send(reactor.core.publisher.Mono.just(io.netty.buffer.Unpooled.copiedBuffer(json, StandardCharsets.UTF_8)))
          .response((response, content) -> {
            status.complete(response.status().code());
            return content.asByteArray();
          })
          .doOnError(status::completeExceptionally)
          .toStream(1);
      int code;
      try {
        code = status.get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        chunks.close();
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
        chunks.close();
        throw new IOException(e);
      }
      java.util.Iterator<byte[]> it = chunks.iterator();
      InputStream body = new ChunkStream() {
        @Override
        byte[] nextChunk() throws IOException {
          try {
            return it.hasNext() ? it.next() : null;
          } catch (RuntimeException e) {
            if (reactor.core.Exceptions.unwrap(e) instanceof IOException io) {
              throw io;
            }
            throw e;
          }
        }

        @Override
        public void close() {
          chunks.close();
        }
      };
      return new Reply(code, body, body);
    }

    @Override
    public void close() {}
  }

  /**
   * Apache HttpClient 5 async as a blocking caller uses it: {@code execute} with a request built by {@code
   * AsyncRequestBuilder} and a streaming {@code AbstractBinResponseConsumer} that queues each chunk; the app waits for
   * the status, then reads the queued chunks as a stream (a failure of the exchange comes out of the read as the
   * exception the client reported); closing the stream before its end cancels the future.
   */
  static final class ApacheAsync implements Transport {
    private static final Object END = new Object();
    private final org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient http =
        org.apache.hc.client5.http.impl.async.HttpAsyncClients.createDefault();

    ApacheAsync() {
      http.start();
    }

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      org.apache.hc.core5.http.nio.support.AsyncRequestBuilder b =
          org.apache.hc.core5.http.nio.support.AsyncRequestBuilder.post(url)
              .setHeader("xi-api-key", "xi-faults-app").setHeader("Authorization", "Bearer sk-faults-app")
              .setEntity(json, org.apache.hc.core5.http.ContentType.APPLICATION_JSON);
      if (!fault.isEmpty()) {
        b.setHeader("x-fake-fault", fault);
      }
      java.util.concurrent.CompletableFuture<Integer> status = new java.util.concurrent.CompletableFuture<>();
      java.util.concurrent.BlockingQueue<Object> chunks = new java.util.concurrent.LinkedBlockingQueue<>();
      java.util.concurrent.Future<Void> exchange = http.execute(b.build(),
          new org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer<Void>() {
            @Override
            protected void start(org.apache.hc.core5.http.HttpResponse response,
                org.apache.hc.core5.http.ContentType contentType) {
              status.complete(response.getCode());
            }

            @Override
            protected int capacityIncrement() {
              return Integer.MAX_VALUE;
            }

            @Override
            protected void data(java.nio.ByteBuffer src, boolean endOfStream) {
              byte[] chunk = new byte[src.remaining()];
              src.get(chunk);
              chunks.add(chunk);
            }

            @Override
            protected Void buildResult() {
              return null;
            }

            @Override
            public void releaseResources() {}
          },
          new org.apache.hc.core5.concurrent.FutureCallback<Void>() {
            @Override
            public void completed(Void result) {
              chunks.add(END);
            }

            @Override
            public void failed(Exception failure) {
              status.completeExceptionally(failure);
              chunks.add(failure);
            }

            @Override
            public void cancelled() {
              chunks.add(END);
            }
          });
      int code;
      try {
        code = status.get(20, TimeUnit.SECONDS);
      } catch (java.util.concurrent.ExecutionException e) {
        throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
      } catch (InterruptedException | java.util.concurrent.TimeoutException e) {
        exchange.cancel(true);
        throw new IOException(e);
      }
      InputStream body = new ChunkStream() {
        private boolean ended;

        @Override
        byte[] nextChunk() throws IOException {
          if (ended) {
            return null;
          }
          Object next;
          try {
            next = chunks.poll(20, TimeUnit.SECONDS);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
          }
          if (next == null) {
            throw new IOException("no data for 20 s");
          }
          if (next instanceof byte[] chunk) {
            return chunk;
          }
          ended = true;
          if (next instanceof IOException io) {
            throw io;
          }
          if (next instanceof Exception e) {
            throw new IOException(e);
          }
          return null; // END
        }

        @Override
        public void close() {
          if (!ended) {
            exchange.cancel(true);
            ended = true;
          }
        }
      };
      return new Reply(code, body, body);
    }

    @Override
    public void close() {
      http.close(org.apache.hc.core5.io.CloseMode.GRACEFUL);
    }
  }

  /** Apache HttpClient 4.5 classic: {@code execute}, the entity's content read, the response closed. */
  static final class Apache4 implements Transport {
    private final org.apache.http.impl.client.CloseableHttpClient http =
        org.apache.http.impl.client.HttpClients.createDefault();

    @Override
    public Reply post(String url, String fault, String json) throws IOException {
      org.apache.http.client.methods.HttpPost post = new org.apache.http.client.methods.HttpPost(url);
      post.setHeader("xi-api-key", "xi-faults-app");
      post.setHeader("Authorization", "Bearer sk-faults-app");
      if (!fault.isEmpty()) {
        post.setHeader("x-fake-fault", fault);
      }
      post.setEntity(new org.apache.http.entity.StringEntity(json, org.apache.http.entity.ContentType.APPLICATION_JSON));
      org.apache.http.client.methods.CloseableHttpResponse r = http.execute(post);
      InputStream body = r.getEntity() == null ? InputStream.nullInputStream() : r.getEntity().getContent();
      return new Reply(r.getStatusLine().getStatusCode(), body, r);
    }

    @Override
    public void close() throws IOException {
      http.close();
    }
  }
}
