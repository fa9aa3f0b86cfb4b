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

class GzipBodyTest {
  private static final String BODY = "data: {\"choices\":[{\"delta\":{\"content\":\"Your table is booked \u00e9\"}}]}\n\n"
      .repeat(200) + "data: [DONE]\n\n";

  private final ByteArrayOutputStream inflated = new ByteArrayOutputStream();
  private final GzipBody gzip = new GzipBody(inflated::write);

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
    GzipBody cut = new GzipBody(inflated::write);
    cut.add(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0}, 0, 5);
    cut.close();
    GzipBody stored = new GzipBody(inflated::write);
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
    assertTrue(GzipBody.handles("gzip"));
    assertTrue(GzipBody.handles(" GZIP "));
    assertTrue(GzipBody.handles("x-gzip"));
    assertFalse(GzipBody.handles("br"));
    assertFalse(GzipBody.handles("deflate"));
    assertFalse(GzipBody.handles(null));
  }

  private void feed(byte[] body, int chunk) {
    for (int i = 0; i < body.length; i += chunk) {
      gzip.add(Arrays.copyOfRange(body, i, Math.min(body.length, i + chunk)), 0, Math.min(chunk, body.length - i));
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
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
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
