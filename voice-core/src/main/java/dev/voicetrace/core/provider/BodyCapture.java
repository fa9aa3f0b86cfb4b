package dev.voicetrace.core.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A bounded copy of a body for parsing: the first {@code headLimit} bytes and, when asked for, the
 * last {@code tailLimit} bytes (multipart requests put small fields after the audio). Never grows
 * beyond its limits, whatever the body's size; the head starts small and grows with the body (most
 * provider requests are a few hundred bytes of JSON), so that a call does not hold its limit's worth,
 * and the tail is made only when the body outgrows the head.
 */
public final class BodyCapture {
  private static final int FIRST_HEAD = 1024;
  private final int headLimit;
  private byte[] head;
  private int headLength;
  private final int tailLimit;
  /** The last bytes, as a ring; {@code null} until the body is larger than the head. */
  private byte[] tail;
  private int tailStart;
  private int tailLength;
  private long total;

  public BodyCapture(int headLimit, int tailLimit) {
    this.headLimit = headLimit;
    this.head = new byte[Math.min(headLimit, FIRST_HEAD)];
    this.tailLimit = tailLimit;
  }

  public void reset() {
    headLength = 0;
    tail = null;
    tailLength = 0;
    tailStart = 0;
    total = 0;
  }

  public void add(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    int n = b.remaining();
    if (b.hasArray()) {
      add(b.array(), b.arrayOffset() + b.position(), n);
      return;
    }
    byte[] chunk = new byte[Math.min(n, 8192)];
    while (b.hasRemaining()) {
      int len = Math.min(chunk.length, b.remaining());
      b.get(chunk, 0, len);
      add(chunk, 0, len);
    }
  }

  public void add(byte[] bytes, int offset, int length) {
    if (length <= 0) {
      return;
    }
    total += length;
    int toHead = Math.min(length, headLimit - headLength);
    if (toHead > head.length - headLength) {
      head = Arrays.copyOf(head, (int) Math.min(headLimit, Math.max(2L * head.length, (long) headLength + toHead)));
    }
    if (toHead > 0) {
      System.arraycopy(bytes, offset, head, headLength, toHead);
      headLength += toHead;
    }
    if (tailLimit == 0 || total <= headLimit) {
      return; // every byte so far is in the head
    }
    if (tail == null) {
      // the body outgrows the head now: the tail starts with the head's last bytes
      tail = new byte[tailLimit];
      int fromHead = Math.min(tailLimit, headLength);
      toTail(head, headLength - fromHead, fromHead);
      toTail(bytes, offset + toHead, length - toHead);
    } else {
      toTail(bytes, offset, length);
    }
  }

  private void toTail(byte[] bytes, int offset, int length) {
    int start = offset + length - Math.min(length, tail.length);
    for (int i = start; i < offset + length; i++) {
      int idx = (tailStart + tailLength) % tail.length;
      tail[idx] = bytes[i];
      if (tailLength < tail.length) {
        tailLength++;
      } else {
        tailStart = (tailStart + 1) % tail.length;
      }
    }
  }

  public long total() {
    return total;
  }

  /** True when every byte of the body is in the head. */
  public boolean complete() {
    return total == headLength;
  }

  public String headText() {
    return new String(head, 0, headLength, StandardCharsets.UTF_8);
  }

  /** Head and tail as text (the tail only when the body was larger than the head). */
  public String headAndTailText() {
    if (complete() || tailLength == 0) {
      return headText();
    }
    byte[] t = new byte[tailLength];
    for (int i = 0; i < tailLength; i++) {
      t[i] = tail[(tailStart + i) % tail.length];
    }
    return headText() + "\n" + new String(t, StandardCharsets.ISO_8859_1);
  }
}
