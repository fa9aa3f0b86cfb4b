package dev.voicetrace.smoke.harness;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The sample bot's fake OpenAI + ElevenLabs server, forked without any agent, and a client for its
 * test endpoints ({@code /__requests}, {@code /__reset}, {@code /__control}).
 */
public final class FakeProviders implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("FAKE_PROVIDERS_LISTENING port=(\\d+)");

  /**
   * One provider request as the fake server recorded it: {@code headers} with lower-case names, the body's
   * length and SHA-256 as received.
   */
  public record RecordedRequest(String method, String path, String query, String callSid, String traceparent,
      long receivedAtEpochMillis, Map<String, String> headers, long bodyBytes, String bodySha256) {

    /** The trace id of the W3C {@code traceparent} header, or null when the request carried none. */
    public String traceId() {
      String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
      return parts.length == 4 ? parts[1] : null;
    }

    /** The parent span id of the {@code traceparent} header (the client span that sent it), or null. */
    public String parentSpanId() {
      String[] parts = traceparent == null ? new String[0] : traceparent.split("-");
      return parts.length == 4 ? parts[2] : null;
    }

    public boolean isTranscription() {
      return path.endsWith("/audio/transcriptions");
    }

    public boolean isChat() {
      return path.endsWith("/chat/completions");
    }

    public boolean isTts() {
      return path.contains("/text-to-speech/");
    }

    /** The voice id of an ElevenLabs {@code /v1/text-to-speech/{voice}[/stream]} path. */
    public String ttsVoice() {
      String rest = path.substring(path.indexOf("/text-to-speech/") + "/text-to-speech/".length());
      int slash = rest.indexOf('/');
      return slash < 0 ? rest : rest.substring(0, slash);
    }
  }

  private final ForkedJvm jvm;
  private final int port;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private FakeProviders(ForkedJvm jvm, int port) {
    this.jvm = jvm;
    this.port = port;
  }

  public static FakeProviders start() {
    ForkedJvm jvm = ForkedJvm.builder("fake-providers")
        // the reset fault (x-fake-fault: reset) reaches the socket of com.sun.net.httpserver to send a TCP RST
        .jvmArg("--add-opens=jdk.httpserver/sun.net.httpserver=ALL-UNNAMED")
        .mainClass(Artifacts.sampleBotJar().toString(), "dev.voicetrace.sample.FakeProviderServer")
        .args("--port", "0")
        .start();
    try {
      int port = Integer.parseInt(jvm.awaitLine(LISTENING, Duration.ofSeconds(30)).group(1));
      return new FakeProviders(jvm, port);
    } catch (RuntimeException | Error e) {
      jvm.stop();
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port;
  }

  public String openAiBaseUrl() {
    return baseUrl() + "/v1";
  }

  public String elevenLabsBaseUrl() {
    return baseUrl();
  }

  public ForkedJvm jvm() {
    return jvm;
  }

  /** Forgets recorded requests and restores default behaviour (no delay, no failures). */
  public void reset() {
    post("/__reset", "");
    control("{}");
  }

  /** E.g. {@code {"ttfbMs":150}}; {@code {}} restores the defaults. */
  public void control(String json) {
    post("/__control", json);
  }

  public List<RecordedRequest> requests() {
    String body = send(HttpRequest.newBuilder(URI.create(baseUrl() + "/__requests")).GET());
    Object parsed = MiniJson.parse(body);
    if (!(parsed instanceof List<?> list)) {
      throw new AssertionError("/__requests did not answer a JSON array: " + body);
    }
    return list.stream().map(o -> {
      Map<?, ?> m = (Map<?, ?>) o;
      Map<String, String> headers = new java.util.TreeMap<>();
      if (m.get("headers") instanceof Map<?, ?> h) {
        h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
      }
      return new RecordedRequest(str(m, "method"), str(m, "path"), str(m, "query"), str(m, "callSid"),
          str(m, "traceparent"), m.get("receivedAtEpochMillis") instanceof Number n ? n.longValue() : 0L,
          headers, m.get("bodyBytes") instanceof Number b ? b.longValue() : -1L, str(m, "bodySha256"));
    }).toList();
  }

  /**
   * The stage's {@code voice.ttfb} in milliseconds, counted from when this server got the stage's request
   * (the first of its trace) rather than from the call's start, which also holds the connection's set-up
   * and, in a fresh JVM, class loading. What is left is the server's configured delay plus the way back to
   * the client's hook; the server's clock counts whole milliseconds, so it may read up to ~1 ms short.
   */
  public long ttfbFromReceiptMillis(ReceivedSpan stage) {
    Object ttfb = stage.attr("voice.ttfb");
    if (!(ttfb instanceof Number seconds)) {
      throw new AssertionError("no voice.ttfb on " + stage.describe());
    }
    long receivedAt = requests().stream().filter(r -> stage.traceId().equals(r.traceId()))
        .mapToLong(RecordedRequest::receivedAtEpochMillis).findFirst()
        .orElseThrow(() -> new AssertionError("the fake server got no request of the trace of " + stage.describe()));
    return Math.round(seconds.doubleValue() * 1000) - (receivedAt - stage.startEpochNanos() / 1_000_000);
  }

  public List<RecordedRequest> requestsOf(String callSid) {
    return requests().stream().filter(r -> callSid.equals(r.callSid())).toList();
  }

  private static String str(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : v.toString();
  }

  private void post(String path, String json) {
    send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)));
  }

  private String send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() / 100 != 2) {
        throw new AssertionError("fake provider server answered " + response.statusCode() + " to "
            + response.request().method() + " " + response.uri() + ": " + response.body());
      }
      return response.body();
    } catch (IOException e) {
      throw new AssertionError("fake provider server unreachable (its JVM is " + (jvm.isAlive() ? "alive" : "dead") + ")\n" + jvm.tail(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
  }

  @Override
  public void close() {
    jvm.stop();
  }
}
