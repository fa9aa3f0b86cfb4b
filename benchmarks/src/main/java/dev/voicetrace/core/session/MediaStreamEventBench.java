package dev.voicetrace.core.session;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Media-frame recognition: every WebSocket text frame of a call (50 a second each way) goes through
 * {@code MediaStreamEvent.parse}. It is package-private, hence this benchmark lives in voice-core's package
 * (benchmarks module, class path only: the split package is fine outside the module system).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MediaStreamEventBench {
  /** A Twilio inbound media frame: 160 bytes of μ-law, base64. */
  private final String twilioMedia;
  private final String twilioMark =
      "{\"event\":\"mark\",\"sequenceNumber\":\"412\",\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\","
          + "\"mark\":{\"name\":\"reply-3\"}}";

  public MediaStreamEventBench() {
    StringBuilder payload = new StringBuilder();
    for (int i = 0; i < 216; i++) {
      payload.append((char) ('A' + (i * 7) % 26));
    }
    twilioMedia = "{\"event\":\"media\",\"sequenceNumber\":\"3412\",\"media\":{\"track\":\"inbound\",\"chunk\":\"3411\","
        + "\"timestamp\":\"68220\",\"payload\":\"" + payload + "\"},\"streamSid\":\"MZ18ad3ab5a668481ce02b83e7395059f0\"}";
  }

  @Benchmark
  public String eventNameOfMediaFrame() {
    return MediaStreamEvent.eventName(twilioMedia);
  }

  @Benchmark
  public Object parseMediaFrame() {
    return MediaStreamEvent.parse(twilioMedia);
  }

  @Benchmark
  public Object parseMarkFrame() {
    return MediaStreamEvent.parse(twilioMark);
  }
}
