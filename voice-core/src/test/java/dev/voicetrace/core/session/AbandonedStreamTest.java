package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.config.VoiceConfig;
import dev.voicetrace.core.provider.ProviderCatalog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A response neither consumed nor closed ends its span at the abandon timeout, marked voice.abandoned. */
class AbandonedStreamTest {
  private static final AttributeKey<Boolean> ABANDONED = AttributeKey.booleanKey("voice.abandoned");

  @Test
  void aStalledResponseEndsAbandonedAndADrainedOneDoesNot() throws Exception {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    OpenTelemetrySdk otel = OpenTelemetrySdk.builder()
        .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(spans)).build())
        .build();
    VoiceConfig config = VoiceConfig.from(k -> k.equals(VoiceConfig.PREFIX + "stream.abandon-timeout") ? "300ms" : null);
    VoiceRuntimeImpl runtime = new VoiceRuntimeImpl(new VoiceTelemetry(otel, config, "test"), ProviderCatalog.create(""));

    String url = "http://127.0.0.1:1/v1/text-to-speech/v1/stream";
    ProviderCall stalled = runtime.startHttpCall("jdk", "POST", url, h -> null);
    stalled.responseHeaders(200, h -> null);
    stalled.responseBody(new byte[100], 0, 100);

    ProviderCall drained = runtime.startHttpCall("jdk", "POST", url, h -> null);
    drained.responseHeaders(200, h -> null);
    drained.responseBody(new byte[10], 0, 10);
    drained.completed();

    ProviderCall waiting = runtime.startHttpCall("jdk", "POST", url, h -> null); // no response yet

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (spans.getFinishedSpanItems().size() < 2 && System.nanoTime() < deadline) {
      Thread.onSpinWait(); // polling the exporter with a deadline, not a fixed sleep
    }
    List<SpanData> finished = spans.getFinishedSpanItems();
    assertEquals(2, finished.size(), finished.toString());
    SpanData abandoned = finished.stream().filter(s -> Boolean.TRUE.equals(s.getAttributes().get(ABANDONED)))
        .findFirst().orElseThrow(() -> new AssertionError("no abandoned span in " + finished));
    assertEquals(100L, abandoned.getAttributes().get(AttributeKey.longKey("voice.tts.audio_bytes")));
    long ranMillis = TimeUnit.NANOSECONDS.toMillis(abandoned.getEndEpochNanos() - abandoned.getStartEpochNanos());
    assertTrue(ranMillis >= 300, "ended before the timeout: " + ranMillis + " ms");
    SpanData completed = finished.stream().filter(s -> s != abandoned).findFirst().get();
    assertNull(completed.getAttributes().get(ABANDONED), completed.toString());
    waiting.failed(new java.io.IOException("test over"));
    assertEquals(3, spans.getFinishedSpanItems().size());
    assertNull(spans.getFinishedSpanItems().get(2).getAttributes().get(ABANDONED),
        "a request still waiting for its response is not abandoned: " + spans.getFinishedSpanItems().get(2));
  }
}
