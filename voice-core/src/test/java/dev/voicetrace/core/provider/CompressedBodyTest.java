package dev.voicetrace.core.provider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CompressedBodyTest {
  private static final String BODY = "data: {\"choices\":[{\"delta\":{\"content\":\"Your table is booked \u00e9\"}}]}\n\n"
      .repeat(200) + "data: [DONE]\n\n";
  private static final String JSON_BODY = "{\"id\":\"chatcmpl-1\",\"choices\":[{\"message\":{\"content\":\""
      + "Booked for two é".repeat(50) + "\"},\"finish_reason\":\"stop\"}],\"usage\":{\"completion_tokens\":9}}";

  private final ByteArrayOutputStream inflated = new ByteArrayOutputStream();
  private final CompressedBody gzip = new CompressedBody("gzip", inflated::write);

  @ParameterizedTest
  @ValueSource(ints = {1, 3, 9, 10, 11, 64, 8192, 1 << 20})
  void aGzipBodyInAnyChunkingInflatesToTheOriginal(int chunk) throws IOException {
    feed(gzip(BODY.getBytes(StandardCharsets.UTF_8)), chunk);
    assertEquals(BODY, text());
  }

  @Test
  void aHeaderWithExtraFieldNameCommentAndCrcIsSkipped() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 4 | 8 | 16 | 2, 0, 0, 0, 0, 0, 3});
    b.writeBytes(new byte[] {5, 0, 'a', 'b', 'c', 'd', 'e'}); // FEXTRA, 5 bytes
    b.writeBytes("reply.sse\0".getBytes(StandardCharsets.ISO_8859_1)); // FNAME
    b.writeBytes("a comment\0".getBytes(StandardCharsets.ISO_8859_1)); // FCOMMENT
    b.writeBytes(new byte[] {0x12, 0x34}); // FHCRC (not checked)
    b.writeBytes(rawDeflate(BODY.getBytes(StandardCharsets.UTF_8)));
    b.writeBytes(new byte[8]); // trailer (not checked)
    feed(b.toByteArray(), 2);
    assertEquals(BODY, text());
  }

  @Test
  void bytesThatAreNotGzipPassThrough() {
    byte[] plain = BODY.getBytes(StandardCharsets.UTF_8);
    feed(plain, 1);
    assertEquals(BODY, text(), "a client that inflated the body but kept its Content-Encoding header");
  }

  @Test
  void aCorruptStreamStopsWhereItBrokeWithoutThrowing() throws IOException {
    byte[] body = gzip(BODY.getBytes(StandardCharsets.UTF_8));
    for (int i = 10; i < body.length; i += 7) {
      body[i] ^= 0x5a;
    }
    feed(body, 100);
    assertTrue(inflated.size() < BODY.length(), "nothing made up past the damage: " + inflated.size());
    gzip.add(new byte[] {1, 2, 3}, 0, 3); // after the failure: ignored
  }

  @Test
  void aTruncatedHeaderOrAnUnknownMethodInflatesNothing() {
    CompressedBody cut = new CompressedBody("gzip", inflated::write);
    cut.add(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}, 0, 5);
    cut.close();
    CompressedBody stored = new CompressedBody("gzip", inflated::write);
    byte[] notDeflate = {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 3, 'h', 'i'};
    stored.add(notDeflate, 0, notDeflate.length);
    assertEquals(0, inflated.size());
  }

  @Test
  void byteBuffersAreReadWithoutMovingTheirPosition() throws IOException {
    ByteBuffer b = ByteBuffer.wrap(gzip(BODY.getBytes(StandardCharsets.UTF_8)));
    gzip.add(b);
    assertEquals(0, b.position(), "the client's buffer is left as it was");
    assertEquals(BODY, text());
  }

  @Test
  void afterCloseNothingMoreIsInflated() throws IOException {
    byte[] body = gzip(BODY.getBytes(StandardCharsets.UTF_8));
    gzip.add(body, 0, 40);
    int before = inflated.size();
    gzip.close();
    gzip.add(body, 40, body.length - 40);
    assertEquals(before, inflated.size());
  }

  @Test
  void theEncodingsItHandles() {
    assertTrue(CompressedBody.handles("gzip"));
    assertTrue(CompressedBody.handles(" GZIP "));
    assertTrue(CompressedBody.handles("x-gzip"));
    assertTrue(CompressedBody.handles("Deflate"));
    assertFalse(CompressedBody.handles("br"));
    assertFalse(CompressedBody.handles("zstd"));
    assertFalse(CompressedBody.handles("gzip, br"));
    assertFalse(CompressedBody.handles(null));
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 6, 7, 64, 8192, 1 << 20})
  void aDeflateBodyInZlibFormatInAnyChunkingInflatesToTheOriginal(int chunk) {
    for (int level : new int[] {Deflater.NO_COMPRESSION, Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION,
        Deflater.BEST_COMPRESSION}) {
      inflated.reset();
      byte[] zlib = deflate(BODY.getBytes(StandardCharsets.UTF_8), level, false);
      feed(new CompressedBody("deflate", inflated::write), zlib, chunk);
      assertEquals(BODY, text(), "zlib level " + level + " (header " + Integer.toHexString(zlib[0] & 0xff) + ")");
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 3, 5, 6, 7, 64, 8192, 1 << 20})
  void aRawDeflateBodyInAnyChunkingInflatesToTheOriginal(int chunk) {
    for (int level : new int[] {Deflater.NO_COMPRESSION, Deflater.BEST_SPEED, Deflater.DEFAULT_COMPRESSION}) {
      for (String body : new String[] {BODY, "{\"usage\":{\"output_tokens\":7}}", JSON_BODY}) {
        inflated.reset();
        feed(new CompressedBody("deflate", inflated::write), deflate(body.getBytes(StandardCharsets.UTF_8), level, true),
            chunk);
        assertEquals(body, text(), "raw deflate, level " + level);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {1, 2, 5, 64})
  void aDeflateBodyAClientAlreadyInflatedPassesThrough(int chunk) {
    for (String body : new String[] {BODY, JSON_BODY, "event: response.completed\ndata: {}\n\n", "id: 1\ndata: x\n\n",
        ": keep-alive\n\n", "\n{\"a\":1}", "[1,2]"}) {
      inflated.reset();
      feed(new CompressedBody("deflate", inflated::write), body.getBytes(StandardCharsets.UTF_8), chunk);
      assertEquals(body, text(), "a client that inflated the body but kept Content-Encoding: deflate");
    }
  }

  @Test
  void aDeflateBodyWithAPresetDictionaryOrCorruptDataInflatesNothingMadeUp() {
    CompressedBody dictionary = new CompressedBody("deflate", inflated::write);
    byte[] withDictionary = {0x78, (byte) 0xbb, 1, 2, 3, 4, 5, 6, 7, 8}; // FDICT set, check bits right
    assertEquals(0, ((0x78 << 8) | 0xbb) % 31);
    dictionary.add(withDictionary, 0, withDictionary.length);
    assertEquals(0, inflated.size());

    byte[] body = deflate(BODY.getBytes(StandardCharsets.UTF_8), Deflater.DEFAULT_COMPRESSION, false);
    for (int i = 20; i < body.length; i += 7) {
      body[i] ^= 0x5a;
    }
    CompressedBody corrupt = new CompressedBody("deflate", inflated::write);
    feed(corrupt, body, 100);
    assertTrue(inflated.size() < BODY.length(), "nothing made up past the damage: " + inflated.size());
    corrupt.add(new byte[] {1, 2, 3}, 0, 3); // after the failure: ignored
  }

  private void feed(byte[] body, int chunk) {
    feed(gzip, body, chunk);
  }

  private static void feed(CompressedBody to, byte[] body, int chunk) {
    for (int i = 0; i < body.length; i += chunk) {
      to.add(Arrays.copyOfRange(body, i, Math.min(body.length, i + chunk)), 0, Math.min(chunk, body.length - i));
    }
  }

  private String text() {
    return inflated.toString(StandardCharsets.UTF_8);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  private static byte[] rawDeflate(byte[] bytes) {
    return deflate(bytes, Deflater.DEFAULT_COMPRESSION, true);
  }

  private static byte[] deflate(byte[] bytes, int level, boolean raw) {
    Deflater d = new Deflater(level, raw);
    d.setInput(bytes);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    return out.toByteArray();
  }
}
