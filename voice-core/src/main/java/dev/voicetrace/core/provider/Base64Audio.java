package dev.voicetrace.core.provider;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Audio bytes carried as base64 text, counted without decoding or keeping them: {@link
 * #decodedLength} for one string, or an instance fed with a JSON body's bytes as they pass that
 * adds up the decoded length of every string value of one member (Google's {@code audioContent}).
 * Constant memory, whatever the body's size or chunking; garbage counts nothing or little.
 */
public final class Base64Audio {
  private static final int SCAN = 0;
  private static final int COLON = 1;
  private static final int VALUE = 2;
  private static final int IN_STRING = 3;
  private static final int ESCAPE = 4;

  private final byte[] key;
  private int state = SCAN;
  private int matched;
  private long sextets;
  private long bytes;

  /** Counts the decoded length of the string values of member {@code member} in a JSON byte stream. */
  public Base64Audio(String member) {
    this.key = ('"' + member + '"').getBytes(StandardCharsets.UTF_8);
  }

  /** Bytes the base64 text decodes to (padding and any non-alphabet character ignored). */
  public static long decodedLength(CharSequence base64) {
    if (base64 == null) {
      return 0;
    }
    long n = 0;
    for (int i = 0; i < base64.length(); i++) {
      if (isAlphabet(base64.charAt(i))) {
        n++;
      }
    }
    return n * 6 / 8;
  }

  /** Decoded audio bytes seen so far. */
  public long bytes() {
    return bytes + sextets * 6 / 8;
  }

  public void add(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    while (b.hasRemaining()) {
      accept(b.get());
    }
  }

  public void add(byte[] data, int offset, int length) {
    for (int i = offset; i < offset + length; i++) {
      accept(data[i]);
    }
  }

  private void accept(byte c) {
    switch (state) {
      case SCAN:
        if (c == key[matched]) {
          if (++matched == key.length) {
            matched = 0;
            state = COLON;
          }
        } else {
          matched = c == '"' ? 1 : 0;
        }
        return;
      case COLON:
      case VALUE:
        if (c == ' ' || c == '\n' || c == '\r' || c == '\t') {
          return;
        }
        if (state == COLON && c == ':') {
          state = VALUE;
        } else if (state == VALUE && c == '"') {
          state = IN_STRING;
        } else {
          state = SCAN;
          matched = c == '"' ? 1 : 0;
        }
        return;
      case IN_STRING:
        if (c == '"') {
          bytes += sextets * 6 / 8;
          sextets = 0;
          state = SCAN;
        } else if (c == '\\') {
          state = ESCAPE;
        } else if (isAlphabet((char) c)) {
          sextets++;
        }
        return;
      default: // ESCAPE: only "\/" stands for a base64 character
        if (c == '/') {
          sextets++;
        }
        state = IN_STRING;
    }
  }

  private static boolean isAlphabet(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '+' || c == '/' || c == '-' || c == '_';
  }
}
