package dev.voicetrace.smoke.harness;

import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Predicate;
import java.util.zip.GZIPInputStream;

/**
 * A real OTLP/HTTP (protobuf) receiver on 127.0.0.1 with an ephemeral port: {@code POST /v1/traces},
 * {@code /v1/metrics}, {@code /v1/logs}, optionally gzip-encoded. Everything received is kept in
 * memory; waiting is done with {@link #awaitSpans}, which blocks on the arrival of new data until a
 * condition holds or a deadline passes.
 */
public final class OtlpReceiver implements AutoCloseable {

  private static final HexFormat HEX = HexFormat.of();

  private final HttpServer server;
  private final ExecutorService executor;
  private final Object lock = new Object();
  private final List<ReceivedSpan> spans = new ArrayList<>();
  private final List<ReceivedMetric> metrics = new ArrayList<>();
  private final List<String> problems = new ArrayList<>();
  private int logRecords;

  private OtlpReceiver(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  public static OtlpReceiver start() {
    try {
      HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
      ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
        Thread t = new Thread(r, "otlp-receiver");
        t.setDaemon(true);
        return t;
      });
      OtlpReceiver receiver = new OtlpReceiver(server, executor);
      server.createContext("/v1/traces", ex -> receiver.handle(ex, ExportTraceServiceRequest::parseFrom,
          receiver::acceptTraces, ExportTraceServiceResponse.getDefaultInstance()));
      server.createContext("/v1/metrics", ex -> receiver.handle(ex, ExportMetricsServiceRequest::parseFrom,
          receiver::acceptMetrics, ExportMetricsServiceResponse.getDefaultInstance()));
      server.createContext("/v1/logs", ex -> receiver.handle(ex, ExportLogsServiceRequest::parseFrom,
          receiver::acceptLogs, ExportLogsServiceResponse.getDefaultInstance()));
      server.setExecutor(executor);
      server.start();
      return receiver;
    } catch (IOException e) {
      throw new IllegalStateException("cannot start the OTLP receiver", e);
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL to give an exporter as {@code otel.exporter.otlp.endpoint}. */
  public String endpoint() {
    return "http://127.0.0.1:" + port();
  }

  public List<ReceivedSpan> spans() {
    synchronized (lock) {
      return List.copyOf(spans);
    }
  }

  public List<ReceivedSpan> spansOf(String serviceName) {
    return spans().stream().filter(s -> s.serviceName().equals(serviceName)).toList();
  }

  public List<ReceivedMetric> metrics() {
    synchronized (lock) {
      return List.copyOf(metrics);
    }
  }

  /**
   * Forgets the spans, metrics and log records received so far: each test starts from an empty receiver, so a
   * test that surefire reruns after a failure does not count its first attempt's spans (problems are kept).
   */
  public void clear() {
    synchronized (lock) {
      spans.clear();
      metrics.clear();
      logRecords = 0;
    }
  }

  public int logRecordCount() {
    synchronized (lock) {
      return logRecords;
    }
  }

  /** Waits until {@code condition} holds for all spans received so far; returns that snapshot. */
  public List<ReceivedSpan> awaitSpans(Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return awaitSpans("the expected spans", condition, timeout);
  }

  /**
   * Waits until {@code condition} holds for all spans received so far; returns that snapshot. On
   * timeout fails with {@code description} and every span received, rendered as trees.
   */
  public List<ReceivedSpan> awaitSpans(String description, Predicate<List<ReceivedSpan>> condition,
      Duration timeout) {
    return await(description, this::spans, condition, timeout);
  }

  /** Like {@link #awaitSpans(String, Predicate, Duration)} restricted to one {@code service.name}. */
  public List<ReceivedSpan> awaitServiceSpans(String serviceName, String description,
      Predicate<List<ReceivedSpan>> condition, Duration timeout) {
    return await(description + " (service.name=" + serviceName + ")", () -> spansOf(serviceName), condition,
        timeout);
  }

  public List<ReceivedMetric> awaitMetrics(String description, Predicate<List<ReceivedMetric>> condition,
      Duration timeout) {
    return await(description, this::metrics, condition, timeout);
  }

  private <T> List<T> await(String description, java.util.function.Supplier<List<T>> snapshot,
      Predicate<List<T>> condition, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (lock) {
      while (true) {
        List<T> current = snapshot.get();
        if (condition.test(current)) {
          return current;
        }
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + description
              + "\n" + dump(current));
        }
        try {
          lock.wait(remainingMillis); // woken by every export that arrives
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted while waiting for " + description, e);
        }
      }
    }
  }

  private String dump(List<?> current) {
    StringBuilder sb = new StringBuilder();
    if (!problems.isEmpty()) {
      sb.append("receiver problems: ").append(problems).append('\n');
    }
    if (!current.isEmpty() && current.get(0) instanceof ReceivedSpan) {
      @SuppressWarnings("unchecked")
      List<ReceivedSpan> s = (List<ReceivedSpan>) current;
      sb.append("received ").append(s.size()).append(" spans (all services: ").append(spans.size()).append("):\n");
      sb.append(new TraceView(s).render());
    } else if (!current.isEmpty()) {
      sb.append("received:\n");
      current.forEach(m -> sb.append("  ").append(m).append('\n'));
    } else {
      sb.append("received nothing matching (all services: ").append(spans.size()).append(" spans, ")
          .append(metrics.size()).append(" metrics)");
    }
    return sb.toString();
  }

  // ---------------------------------------------------------------- HTTP

  private interface Parser<T> {
    T parse(byte[] bytes) throws IOException;
  }

  private <T> void handle(HttpExchange ex, Parser<T> parser, java.util.function.Consumer<T> sink,
      MessageLite response) throws IOException {
    try (ex) {
      if (!"POST".equals(ex.getRequestMethod())) {
        respond(ex, 405, new byte[0], "text/plain");
        return;
      }
      String contentType = String.valueOf(ex.getRequestHeaders().getFirst("Content-Type"));
      if (!contentType.toLowerCase(Locale.ROOT).startsWith("application/x-protobuf")) {
        problem("unsupported Content-Type " + contentType + " on " + ex.getRequestURI());
        respond(ex, 415, new byte[0], "text/plain");
        return;
      }
      byte[] body;
      try (InputStream in = ex.getRequestBody()) {
        body = in.readAllBytes();
      }
      if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
        try (InputStream gz = new GZIPInputStream(new java.io.ByteArrayInputStream(body))) {
          body = gz.readAllBytes();
        }
      }
      T request;
      try {
        request = parser.parse(body);
      } catch (IOException e) {
        problem("undecodable body on " + ex.getRequestURI() + ": " + e);
        respond(ex, 400, new byte[0], "text/plain");
        return;
      }
      sink.accept(request);
      respond(ex, 200, response.toByteArray(), "application/x-protobuf");
    } catch (RuntimeException | IOException e) {
      problem("failure handling " + ex.getRequestURI() + ": " + e);
      throw e;
    }
  }

  private static void respond(HttpExchange ex, int status, byte[] body, String contentType) throws IOException {
    ex.getResponseHeaders().set("Content-Type", contentType);
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      try (OutputStream out = ex.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private void problem(String message) {
    synchronized (lock) {
      problems.add(message);
      lock.notifyAll();
    }
  }

  // ---------------------------------------------------------------- decoding

  private void acceptTraces(ExportTraceServiceRequest request) {
    List<ReceivedSpan> batch = new ArrayList<>();
    for (ResourceSpans rs : request.getResourceSpansList()) {
      Map<String, Object> resource = attributes(rs.getResource().getAttributesList());
      for (ScopeSpans ss : rs.getScopeSpansList()) {
        for (Span s : ss.getSpansList()) {
          batch.add(toSpan(s, resource, ss.getScope().getName()));
        }
      }
    }
    synchronized (lock) {
      spans.addAll(batch);
      lock.notifyAll();
    }
  }

  private static ReceivedSpan toSpan(Span s, Map<String, Object> resource, String scope) {
    List<ReceivedSpan.Event> events = s.getEventsList().stream()
        .map(e -> new ReceivedSpan.Event(e.getName(), e.getTimeUnixNano(), attributes(e.getAttributesList())))
        .toList();
    List<ReceivedSpan.Link> links = s.getLinksList().stream()
        .map(l -> new ReceivedSpan.Link(hex(l.getTraceId()), hex(l.getSpanId()), attributes(l.getAttributesList())))
        .toList();
    return new ReceivedSpan(
        hex(s.getTraceId()),
        hex(s.getSpanId()),
        hex(s.getParentSpanId()),
        s.getName(),
        s.getKind().name().replace("SPAN_KIND_", ""),
        s.getStartTimeUnixNano(),
        s.getEndTimeUnixNano(),
        attributes(s.getAttributesList()),
        events,
        s.getStatus().getCode().name().replace("STATUS_CODE_", ""),
        s.getStatus().getMessage(),
        links,
        resource,
        scope);
  }

  private void acceptMetrics(ExportMetricsServiceRequest request) {
    List<ReceivedMetric> batch = new ArrayList<>();
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      Map<String, Object> resource = attributes(rm.getResource().getAttributesList());
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          batch.add(toMetric(m, resource, sm.getScope().getName()));
        }
      }
    }
    synchronized (lock) {
      metrics.addAll(batch);
      lock.notifyAll();
    }
  }

  private static ReceivedMetric toMetric(Metric m, Map<String, Object> resource, String scope) {
    List<ReceivedMetric.Point> points = new ArrayList<>();
    String type;
    switch (m.getDataCase()) {
      case GAUGE -> {
        type = "gauge";
        m.getGauge().getDataPointsList().forEach(p -> points.add(numberPoint(p)));
      }
      case SUM -> {
        type = "sum";
        m.getSum().getDataPointsList().forEach(p -> points.add(numberPoint(p)));
      }
      case HISTOGRAM -> {
        type = "histogram";
        m.getHistogram().getDataPointsList().forEach(p ->
            points.add(new ReceivedMetric.Point(attributes(p.getAttributesList()), p.getSum(), p.getCount())));
      }
      case EXPONENTIAL_HISTOGRAM -> {
        type = "exponential_histogram";
        m.getExponentialHistogram().getDataPointsList().forEach(p ->
            points.add(new ReceivedMetric.Point(attributes(p.getAttributesList()), p.getSum(), p.getCount())));
      }
      case SUMMARY -> {
        type = "summary";
        m.getSummary().getDataPointsList().forEach(p ->
            points.add(new ReceivedMetric.Point(attributes(p.getAttributesList()), p.getSum(), p.getCount())));
      }
      default -> type = "unknown";
    }
    return new ReceivedMetric(m.getName(), m.getUnit(), type, resource, scope, points);
  }

  private static ReceivedMetric.Point numberPoint(NumberDataPoint p) {
    double value = p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    return new ReceivedMetric.Point(attributes(p.getAttributesList()), value, 0);
  }

  private void acceptLogs(ExportLogsServiceRequest request) {
    int n = request.getResourceLogsList().stream()
        .flatMap(rl -> rl.getScopeLogsList().stream())
        .mapToInt(sl -> sl.getLogRecordsCount())
        .sum();
    synchronized (lock) {
      logRecords += n;
      lock.notifyAll();
    }
  }

  static Map<String, Object> attributes(List<KeyValue> kvs) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (KeyValue kv : kvs) {
      Object v = value(kv.getValue());
      if (v != null) {
        out.put(kv.getKey(), v);
      }
    }
    return out;
  }

  private static Object value(AnyValue v) {
    return switch (v.getValueCase()) {
      case STRING_VALUE -> v.getStringValue();
      case BOOL_VALUE -> v.getBoolValue();
      case INT_VALUE -> v.getIntValue();
      case DOUBLE_VALUE -> v.getDoubleValue();
      case ARRAY_VALUE -> v.getArrayValue().getValuesList().stream().map(OtlpReceiver::value).toList();
      case KVLIST_VALUE -> attributes(v.getKvlistValue().getValuesList());
      case BYTES_VALUE -> hex(v.getBytesValue());
      case VALUE_NOT_SET -> null;
    };
  }

  private static String hex(ByteString bytes) {
    return bytes.isEmpty() ? "" : HEX.formatHex(bytes.toByteArray());
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
