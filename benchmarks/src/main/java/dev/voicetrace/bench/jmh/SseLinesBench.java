package dev.voicetrace.bench.jmh;

import dev.voicetrace.core.provider.SseLines;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * {@link SseLines} splitting a whole streamed chat response (role chunk, 24 content chunks, a finish chunk, a
 * usage chunk, {@code [DONE]}: about 5 KiB) fed in network-sized pieces. The score is per response; divide
 * by {@link #responseBytes} for per byte.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class SseLinesBench {
  @Param({"64", "1024"})
  public int chunkBytes;

  public static int responseBytes;
  private byte[] body;

  @Setup
  public void setUp() {
    StringBuilder sse = new StringBuilder();
    String head = "{\"id\":\"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG\",\"object\":\"chat.completion.chunk\","
        + "\"created\":1741570283,\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",";
    sse.append("data: ").append(head)
        .append("\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}\n\n");
    for (int i = 0; i < 24; i++) {
      sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{\"content\":\" word")
          .append(i).append("\"},\"finish_reason\":null}]}\n\n");
    }
    sse.append("data: ").append(head).append("\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n");
    sse.append("data: ").append(head).append("\"choices\":[],\"usage\":{\"prompt_tokens\":43,\"completion_tokens\":24,"
        + "\"total_tokens\":67}}\n\n");
    sse.append("data: [DONE]\n\n");
    body = sse.toString().getBytes(StandardCharsets.UTF_8);
    responseBytes = body.length;
  }

  @Benchmark
  public void splitResponse(Blackhole bh) {
    SseLines lines = new SseLines(bh::consume);
    byte[] b = body;
    for (int off = 0; off < b.length; off += chunkBytes) {
      lines.add(b, off, Math.min(chunkBytes, b.length - off));
    }
  }
}
