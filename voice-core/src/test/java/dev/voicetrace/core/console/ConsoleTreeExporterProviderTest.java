package dev.voicetrace.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.sdk.autoconfigure.spi.internal.DefaultConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collections;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class ConsoleTreeExporterProviderTest {

  @Test
  void isNamedVoicetraceConsoleAndCreatesTheTreeExporter() {
    ConsoleTreeExporterProvider provider = new ConsoleTreeExporterProvider();
    assertEquals("voicetrace-console", provider.getName());
    SpanExporter exporter =
        provider.createExporter(DefaultConfigProperties.createFromMap(Collections.emptyMap()));
    assertTrue(exporter instanceof ConsoleTreeExporter);
  }

  @Test
  void isRegisteredForAutoconfigure() {
    boolean found = false;
    for (ConfigurableSpanExporterProvider p : ServiceLoader.load(ConfigurableSpanExporterProvider.class)) {
      found |= p instanceof ConsoleTreeExporterProvider && "voicetrace-console".equals(p.getName());
    }
    assertTrue(found, "META-INF/services entry for ConsoleTreeExporterProvider");
  }
}
