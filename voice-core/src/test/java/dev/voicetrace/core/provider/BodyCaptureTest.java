package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BodyCaptureTest {

  @Test
  void aSmallBodyIsKeptWhole() {
    BodyCapture c = new BodyCapture(64, 16);
    byte[] b = "{\"model\":\"m\"}".getBytes(StandardCharsets.UTF_8);
    c.add(b, 0, 5);
    c.add(b, 5, b.length - 5);
    assertEquals(b.length, c.total());
    assertTrue(c.complete());
    assertEquals("{\"model\":\"m\"}", c.headText());
    assertEquals("{\"model\":\"m\"}", c.headAndTailText(), "no tail when everything is in the head");
  }

  @Test
  void aLargeBodyKeepsItsFirstAndLastBytesOnly() {
    BodyCapture c = new BodyCapture(10, 6);
    byte[] body = ascii(1000); // "0123456789012..." pattern
    for (int i = 0; i < body.length; i += 7) { // odd chunks, each smaller than the tail
      c.add(body, i, Math.min(7, body.length - i));
    }
    assertEquals(1000, c.total());
    assertFalse(c.complete());
    assertEquals(new String(body, 0, 10, StandardCharsets.US_ASCII), c.headText());
    assertEquals(new String(body, 0, 10, StandardCharsets.US_ASCII) + "\n" + new String(body, 994, 6, StandardCharsets.US_ASCII),
        c.headAndTailText());
  }

  @Test
  void oneChunkLargerThanBothBounds() {
    BodyCapture c = new BodyCapture(4, 3);
    byte[] body = "abcdefghijklmnop".getBytes(StandardCharsets.US_ASCII);
    c.add(body, 2, 12); // "cdefghijklmn"
    assertEquals(12, c.total());
    assertEquals("cdef", c.headText());
    assertEquals("cdef\nlmn", c.headAndTailText());
  }

  @Test
  void theTailWrapsAroundCorrectlyOverManyChunks() {
    BodyCapture c = new BodyCapture(1, 5);
    String s = "the quick brown fox jumps over the lazy dog";
    byte[] b = s.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i < b.length; i++) {
      c.add(b, i, 1);
    }
    assertEquals("t\n" + s.substring(s.length() - 5), c.headAndTailText());
    c.add("12345678".getBytes(StandardCharsets.US_ASCII), 0, 8);
    assertEquals("t\n45678", c.headAndTailText());
  }

  @Test
  void neverGrowsBeyondItsBounds() throws Exception {
    BodyCapture c = new BodyCapture(256 * 1024, 4 * 1024);
    byte[] chunk = new byte[64 * 1024];
    for (int i = 0; i < 160; i++) { // 10 MiB
      c.add(chunk, 0, chunk.length);
    }
    c.add(ByteBuffer.allocateDirect(100_000));
    assertEquals(160L * 64 * 1024 + 100_000, c.total());
    assertEquals(256 * 1024, ((byte[]) field(c, "head")).length);
    assertEquals(4 * 1024, ((byte[]) field(c, "tail")).length);
    assertEquals(256 * 1024, c.headText().length());
    assertEquals(256 * 1024 + 1 + 4 * 1024, c.headAndTailText().length());
  }

  @Test
  void theHeadStartsSmallAndGrowsWithTheBodyUpToItsBound() throws Exception {
    BodyCapture c = new BodyCapture(256 * 1024, 4 * 1024);
    byte[] json = "{\"text\":\"Your table for two is booked.\",\"model_id\":\"eleven_flash_v2_5\"}"
        .getBytes(StandardCharsets.US_ASCII);
    c.add(json, 0, json.length);
    assertTrue(((byte[]) field(c, "head")).length <= 1024, "a small request holds a small head");
    StringBuilder expected = new StringBuilder(new String(json, StandardCharsets.US_ASCII));
    byte[] piece = new byte[777];
    for (int i = 0; i < 400; i++) { // 310,800 bytes more, in pieces that straddle every growth
      java.util.Arrays.fill(piece, (byte) ('a' + i % 26));
      c.add(piece, 0, piece.length);
      expected.append(new String(piece, StandardCharsets.US_ASCII));
    }
    assertEquals(expected.substring(0, 256 * 1024), c.headText());
    assertEquals(256 * 1024, ((byte[]) field(c, "head")).length);
  }

  @Test
  void theTailIsMadeOnlyWhenTheBodyOutgrowsTheHeadAndStillHoldsTheLastBytes() throws Exception {
    byte[] body = new byte[300]; // no period: a tail off by any number of bytes shows
    for (int i = 0; i < body.length; i++) {
      body[i] = (byte) ('!' + (i * 7 + i / 90) % 90);
    }
    String text = new String(body, StandardCharsets.US_ASCII);
    // bodies that outgrow the 100-byte head by less than the 30-byte tail (whose tail must start inside the
    // head), by exactly it, and by more; in two chunks split at every point
    for (int length : new int[] {101, 110, 129, 130, 131, 160, 300}) {
      for (int split = 1; split < length; split++) {
        BodyCapture c = new BodyCapture(100, 30);
        c.add(body, 0, split);
        if (split <= 100) {
          assertNull(field(c, "tail"), "no tail while the body fits in the head (" + split + ")");
        }
        c.add(body, split, length - split);
        assertEquals(text.substring(0, 100) + "\n" + text.substring(length - 30, length), c.headAndTailText(),
            "a body of " + length + " bytes split at " + split);
      }
    }
    BodyCapture c = new BodyCapture(100, 30);
    c.add(body, 0, 100);
    assertNull(field(c, "tail"), "a body exactly the head's size needs no tail");
    assertEquals(text.substring(0, 100), c.headAndTailText());
    c.add(body, 100, 200);
    c.reset();
    c.add(body, 0, 100); // a retry's body, in two chunks: its tail starts again, from its own head
    c.add(body, 100, 10);
    assertEquals(text.substring(0, 100) + "\n" + text.substring(80, 110), c.headAndTailText());
  }

  @Test
  void byteBuffersOfEveryKindAreReadWithoutMovingThem() {
    byte[] backing = "xxHELLO WORLDyy".getBytes(StandardCharsets.US_ASCII);
    ByteBuffer heap = ByteBuffer.wrap(backing, 2, 11).slice(); // array offset 2
    ByteBuffer direct = ByteBuffer.allocateDirect(5);
    direct.put("12345".getBytes(StandardCharsets.US_ASCII)).flip();
    ByteBuffer readOnly = ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)).asReadOnlyBuffer();
    ByteBuffer positioned = ByteBuffer.wrap("skip-me:tail".getBytes(StandardCharsets.US_ASCII));
    positioned.position(8);

    BodyCapture c = new BodyCapture(100, 0);
    c.add(heap);
    c.add(direct);
    c.add(readOnly);
    c.add(positioned);
    assertEquals("HELLO WORLD12345abctail", c.headText());
    assertEquals(0, heap.position());
    assertEquals(0, direct.position());
    assertEquals(0, readOnly.position());
    assertEquals(8, positioned.position());
    assertEquals(23, c.total());
  }

  @Test
  void aLargeDirectBufferIsCopiedInPieces() {
    BodyCapture c = new BodyCapture(20_000, 10);
    ByteBuffer direct = ByteBuffer.allocateDirect(30_000);
    byte[] body = ascii(30_000);
    direct.put(body).flip();
    c.add(direct);
    assertEquals(30_000, c.total());
    assertEquals(new String(body, 0, 20_000, StandardCharsets.US_ASCII), c.headText());
    assertTrue(c.headAndTailText().endsWith(new String(body, 29_990, 10, StandardCharsets.US_ASCII)));
  }

  @Test
  void resetStartsOverForARetriedRequest() {
    BodyCapture c = new BodyCapture(8, 4);
    byte[] first = "first attempt body".getBytes(StandardCharsets.US_ASCII);
    c.add(first, 0, first.length);
    c.reset();
    byte[] second = "retry".getBytes(StandardCharsets.US_ASCII);
    c.add(second, 0, second.length);
    assertEquals(5, c.total());
    assertTrue(c.complete());
    assertEquals("retry", c.headAndTailText());
  }

  @Test
  void emptyAndNegativeLengthsAreIgnored() {
    BodyCapture c = new BodyCapture(8, 4);
    c.add(new byte[0], 0, 0);
    c.add(new byte[4], 0, -1);
    c.add(ByteBuffer.allocate(0));
    assertEquals(0, c.total());
    assertEquals("", c.headText());
    assertTrue(c.complete());
  }

  @Test
  void withoutATailOnlyTheHeadIsKept() {
    BodyCapture c = new BodyCapture(3, 0);
    byte[] b = "abcdef".getBytes(StandardCharsets.US_ASCII);
    c.add(b, 0, b.length);
    assertEquals("abc", c.headAndTailText());
    assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), c.headText().getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] ascii(int n) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) ('0' + i % 10);
    }
    return b;
  }

  private static Object field(Object o, String name) throws Exception {
    Field f = o.getClass().getDeclaredField(name);
    f.setAccessible(true);
    return f.get(o);
  }
}
