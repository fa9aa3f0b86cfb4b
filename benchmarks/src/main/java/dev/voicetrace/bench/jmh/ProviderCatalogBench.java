package dev.voicetrace.bench.jmh;

import dev.voicetrace.core.provider.ProviderCatalog;
import dev.voicetrace.core.provider.ProviderMatch;
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

/** {@code ProviderCatalog.classify}: runs once per outgoing HTTP request the agent sees. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class ProviderCatalogBench {
  private final ProviderCatalog catalog = ProviderCatalog.create(null);

  @Benchmark
  public ProviderMatch classifyElevenLabsStream() {
    return catalog.classify("POST",
        "https://api.elevenlabs.io/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=ulaw_8000");
  }

  @Benchmark
  public ProviderMatch classifyOpenAiChat() {
    return catalog.classify("POST", "https://api.openai.com/v1/chat/completions");
  }

  /** The common case in a real bot: a request that is not a provider call. */
  @Benchmark
  public ProviderMatch classifyMiss() {
    return catalog.classify("GET", "https://crm.internal.example.com/api/v2/customers/48213/orders?limit=20");
  }
}
