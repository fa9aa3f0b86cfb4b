package dev.voicetrace.smoke.harness;

import java.util.LinkedHashMap;
import java.util.Map;

/** The agent configuration every forked bot gets unless a test overrides a key. */
public final class AgentProperties {

  private AgentProperties() {}

  /** Export everything to {@code receiver} quickly: spans every 100 ms, metrics every second, no logs. */
  public static Map<String, String> exportingTo(OtlpReceiver receiver, String serviceName) {
    Map<String, String> p = new LinkedHashMap<>();
    p.put("otel.exporter.otlp.endpoint", receiver.endpoint());
    p.put("otel.exporter.otlp.protocol", "http/protobuf");
    p.put("otel.traces.exporter", "otlp");
    p.put("otel.metrics.exporter", "otlp");
    p.put("otel.metric.export.interval", "1000");
    p.put("otel.logs.exporter", "none");
    p.put("otel.bsp.schedule.delay", "100");
    p.put("otel.service.name", serviceName);
    return p;
  }
}
