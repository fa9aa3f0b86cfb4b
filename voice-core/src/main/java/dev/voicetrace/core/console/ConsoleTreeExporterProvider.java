package dev.voicetrace.core.console;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;

/** Makes {@link ConsoleTreeExporter} selectable with {@code otel.traces.exporter=voicetrace-console}. */
public final class ConsoleTreeExporterProvider implements ConfigurableSpanExporterProvider {

  public static final String NAME = "voicetrace-console";

  @Override
  public SpanExporter createExporter(ConfigProperties config) {
    return new ConsoleTreeExporter(System.out);
  }

  @Override
  public String getName() {
    return NAME;
  }
}
