package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesTest {
  private static final String STREAM =
      ": keep-alive\r\n\r\ndata: {\"a\":1}\r\n\r\ndata:{\"b\":\"é\"}\n\nevent: x\ndata: [DONE]\n\n";

  @Test
  void sameEventsWhateverTheChunking() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<String> whole = new ArrayList<>();
    new SseLines(whole::add).add(bytes, 0, bytes.length);
    assertEquals(Arrays.asList("{\"a\":1}", "{\"b\":\"é\"}", "[DONE]"), whole);

    List<String> oneByte = new ArrayList<>();
    SseLines lines = new SseLines(oneByte::add);
    for (int i = 0; i < bytes.length; i++) {
      lines.add(bytes, i, 1);
    }
    assertEquals(whole, oneByte);
  }

  @Test
  void anOverlongLineIsSkippedAndTheNextOneStillArrives() {
    List<String> events = new ArrayList<>();
    SseLines lines = new SseLines(events::add);
    byte[] junk = new byte[3 << 20];
    Arrays.fill(junk, (byte) 'x');
    junk[0] = 'd';
    lines.add(junk, 0, junk.length);
    byte[] next = "\ndata: ok\n".getBytes(StandardCharsets.UTF_8);
    lines.add(next, 0, next.length);
    assertEquals(Arrays.asList("ok"), events);
  }
}
