package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class SseLinesSplittingTest {
  private static final String STREAM =
      ": OPENROUTER PROCESSING\n\n"
          + "event: message\nid: 1\ndata: {\"choices\":[{\"delta\":{\"content\":\"h\u00e9llo \uD83D\uDC4B\"}}]}\n\n"
          + "data:{\"no\":\"space\"}\r\n\r\n"
          + "retry: 1000\n"
          + "data:  two spaces\n\n"
          + "data: [DONE]\n\n";
  private static final List<String> EXPECTED = Arrays.asList(
      "{\"choices\":[{\"delta\":{\"content\":\"h\u00e9llo \uD83D\uDC4B\"}}]}", "{\"no\":\"space\"}", " two spaces", "[DONE]");

  @Test
  void wholeStreamInOneChunk() {
    assertEquals(EXPECTED, feed(STREAM.getBytes(StandardCharsets.UTF_8), Integer.MAX_VALUE));
  }

  @Test
  void everySplitPointOfTwoChunksGivesTheSameEvents() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int split = 0; split <= bytes.length; split++) {
      List<String> events = new ArrayList<>();
      SseLines lines = new SseLines(events::add);
      lines.add(bytes, 0, split);
      lines.add(bytes, split, bytes.length - split);
      assertEquals(EXPECTED, events, "split at " + split);
    }
  }

  @Test
  void oneByteAndOddSizedChunksSplitMultiByteCharacters() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    for (int size : new int[] {1, 2, 3, 5, 7, 13}) {
      assertEquals(EXPECTED, feed(bytes, size), "chunks of " + size);
    }
  }

  @Test
  void byteBuffersAreReadWithoutMovingThem() {
    byte[] bytes = STREAM.getBytes(StandardCharsets.UTF_8);
    List<String> events = new ArrayList<>();
    SseLines lines = new SseLines(events::add);
    ByteBuffer heap = ByteBuffer.wrap(bytes, 0, 20);
    ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length - 20);
    direct.put(bytes, 20, bytes.length - 20).flip();
    lines.add(heap);
    lines.add(direct);
    assertEquals(EXPECTED, events);
    assertEquals(0, direct.position());
    assertEquals(0, heap.position());
  }

  @Test
  void crlfLineEndsAreStripped() {
    assertEquals(Arrays.asList("a", "b"), feed("data: a\r\n\r\ndata: b\r\n".getBytes(StandardCharsets.US_ASCII), 1));
  }

  @Test
  void commentsOtherFieldsAndUnterminatedLinesAreNotData() {
    String s = ": comment\nevent: x\nid: 7\ndatum: no\nDATA: no\n\ndat\n: data: no\ndata: pending-without-newline";
    assertEquals(Collections.emptyList(), feed(s.getBytes(StandardCharsets.US_ASCII), 4));
  }

  @Test
  void aLineAtTheLimitIsKeptAndOneByteLongerIsSkippedInOneChunkOrMany() {
    int limit = 1 << 20;
    for (int extra : new int[] {0, 1}) {
      byte[] stream = new byte[limit + extra + "\ndata: next\n".length()];
      byte[] prefix = "data: ".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(prefix, 0, stream, 0, prefix.length);
      Arrays.fill(stream, prefix.length, limit + extra, (byte) 'x');
      byte[] tail = "\ndata: next\n".getBytes(StandardCharsets.US_ASCII);
      System.arraycopy(tail, 0, stream, limit + extra, tail.length);
      for (int chunk : new int[] {Integer.MAX_VALUE, 64 * 1024, 1000}) {
        List<String> events = feed(stream, chunk);
        assertEquals(extra == 0 ? 2 : 1, events.size(), "a line of " + (limit + extra) + " bytes, chunks of " + chunk);
        if (extra == 0) {
          assertEquals(limit - prefix.length, events.get(0).length());
        }
        assertEquals("next", events.get(events.size() - 1));
      }
    }
  }

  @Test
  void overlongLinesAreSkippedWhateverTheChunkingAndLaterLinesArrive() {
    List<String> events = new ArrayList<>();
    SseLines lines = new SseLines(events::add);
    byte[] head = "data: ".getBytes(StandardCharsets.US_ASCII);
    lines.add(head, 0, head.length);
    byte[] junk = new byte[64 * 1024];
    Arrays.fill(junk, (byte) 'x');
    for (int i = 0; i < 40; i++) { // 2.5 MiB on one line, in many chunks
      lines.add(junk, 0, junk.length);
    }
    byte[] rest = "\r\ndata: after\n\ndata: {\"ok\":1}\n".getBytes(StandardCharsets.US_ASCII);
    lines.add(rest, 0, rest.length);
    assertEquals(Arrays.asList("after", "{\"ok\":1}"), events);
  }

  @Test
  void aLongLineWithinTheLimitIsKept() {
    List<String> events = new ArrayList<>();
    SseLines lines = new SseLines(events::add);
    String payload = "y".repeat(300_000);
    byte[] b = ("data: " + payload + "\n").getBytes(StandardCharsets.US_ASCII);
    lines.add(b, 0, b.length);
    assertEquals(Collections.singletonList(payload), events);
  }

  private static List<String> feed(byte[] bytes, int chunk) {
    List<String> events = new ArrayList<>();
    SseLines lines = new SseLines(events::add);
    for (int i = 0; i < bytes.length; i += chunk) {
      lines.add(bytes, i, Math.min(chunk, bytes.length - i));
    }
    return events;
  }
}
