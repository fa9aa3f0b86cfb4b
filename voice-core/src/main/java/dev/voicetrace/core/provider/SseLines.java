package dev.voicetrace.core.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Splits a server-sent-events byte stream into {@code data:} payloads as bytes pass, whatever the
 * chunking (a line may span many chunks, a chunk many lines). Lines longer than the limit are
 * skipped, so garbage cannot grow memory.
 */
public final class SseLines {
  private static final int MAX_LINE = 1 << 20;

  private final Consumer<String> onData;
  private byte[] line = new byte[256];
  private int length;
  private boolean overflow;

  public SseLines(Consumer<String> onData) {
    this.onData = onData;
  }

  public void add(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    while (b.hasRemaining()) {
      accept(b.get());
    }
  }

  public void add(byte[] bytes, int offset, int len) {
    for (int i = offset; i < offset + len; i++) {
      accept(bytes[i]);
    }
  }

  private void accept(byte c) {
    if (c == '\n') {
      if (!overflow) {
        emit();
      }
      length = 0;
      overflow = false;
      return;
    }
    if (overflow) {
      return;
    }
    if (length == line.length) {
      if (line.length >= MAX_LINE) {
        overflow = true;
        return;
      }
      line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
    }
    line[length++] = c;
  }

  private void emit() {
    int end = length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    if (end < 5 || line[0] != 'd' || line[1] != 'a' || line[2] != 't' || line[3] != 'a' || line[4] != ':') {
      return;
    }
    int start = 5;
    if (start < end && line[start] == ' ') {
      start++;
    }
    onData.accept(new String(line, start, end - start, StandardCharsets.UTF_8));
  }
}
