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
    if (b.hasArray()) {
      add(b.array(), b.arrayOffset() + b.position(), b.remaining());
      return;
    }
    while (b.hasRemaining()) {
      byte c = b.get();
      if (c == '\n') {
        lineEnded();
      } else {
        append(c);
      }
    }
  }

  /**
   * Scans for line ends and copies what lies between in bulk; a line that begins and ends within this chunk
   * is read where it is, without a copy.
   */
  public void add(byte[] bytes, int offset, int len) {
    int end = offset + len;
    int from = offset;
    for (int i = offset; i < end; i++) {
      if (bytes[i] != '\n') {
        continue;
      }
      if (length == 0 && !overflow && i - from <= MAX_LINE) {
        emit(bytes, from, i); // the whole line is here
      } else {
        append(bytes, from, i - from);
        lineEnded();
      }
      from = i + 1;
    }
    append(bytes, from, end - from);
  }

  private void lineEnded() {
    if (!overflow) {
      emit(line, 0, length);
    }
    length = 0;
    overflow = false;
  }

  private void append(byte c) {
    if (!overflow && room(1)) {
      line[length++] = c;
    }
  }

  private void append(byte[] bytes, int from, int n) {
    if (n > 0 && !overflow && room(n)) {
      System.arraycopy(bytes, from, line, length, n);
      length += n;
    }
  }

  /** Makes room for {@code n} more bytes of the line; false (and the line skipped) past the limit. */
  private boolean room(int n) {
    if (length + n <= line.length) {
      return true;
    }
    if (length + n > MAX_LINE) {
      overflow = true;
      return false;
    }
    line = java.util.Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, length + n)));
    return true;
  }

  /** The line in {@code buf} from {@code from} to {@code end} (without its {@code \n}): its data, if a data line. */
  private void emit(byte[] buf, int from, int end) {
    if (end > from && buf[end - 1] == '\r') {
      end--;
    }
    if (end - from < 5 || buf[from] != 'd' || buf[from + 1] != 'a' || buf[from + 2] != 't' || buf[from + 3] != 'a'
        || buf[from + 4] != ':') {
      return;
    }
    int start = from + 5;
    if (start < end && buf[start] == ' ') {
      start++;
    }
    onData.accept(new String(buf, start, end - start, StandardCharsets.UTF_8));
  }
}
