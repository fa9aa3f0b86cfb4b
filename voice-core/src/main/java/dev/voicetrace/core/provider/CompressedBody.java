package dev.voicetrace.core.provider;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A {@code Content-Encoding: gzip} or {@code deflate} response body inflated as its bytes pass, for the
 * parsers only: the application still reads the bytes as they came (the JDK {@code HttpClient}, {@code
 * HttpURLConnection} and Reactor Netty hand both over compressed, OkHttp hands over {@code deflate}; the
 * bot inflates it itself). Pushed, not pulled, so nothing waits for more input and nothing is buffered
 * beyond the gzip header (or deflate's first bytes) and one inflated chunk.
 *
 * <p>{@code deflate} is the zlib format (RFC 9110); a body without a zlib header is taken as the raw
 * deflate data some servers send instead. A body that is not compressed after all (a client that
 * inflated it but kept the header: it does not start with gzip's magic bytes, or for {@code deflate}
 * it starts as JSON or an event stream does) passes through unchanged; a corrupt stream stops the
 * inflated output where it broke, and what follows is ignored. {@link #close} frees the native
 * inflater at once (it would otherwise wait for a garbage collection).
 */
public final class CompressedBody {
  /** Where inflated bytes go. */
  public interface Sink {
    void accept(byte[] bytes, int offset, int length);
  }

  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  /** A header longer than this (file name, comment, extra field) is not worth waiting for. */
  private static final int MAX_HEADER = 16 * 1024;

  /** Bytes enough to tell a deflate body from text that is not compressed ({@code event:}). */
  private static final int DEFLATE_SNIFF = 6;

  private enum State { HEADER, INFLATE, PASS_THROUGH, DONE }

  private final Sink sink;
  /** {@code deflate} rather than gzip. */
  private final boolean deflate;
  private final byte[] out = new byte[8 * 1024];
  private byte[] header = new byte[16];
  private int headerLength;
  private State state = State.HEADER;
  private Inflater inflater;

  /** A body of {@code contentEncoding}, one that {@link #handles} says this inflates. */
  public CompressedBody(String contentEncoding, Sink sink) {
    this.sink = sink;
    this.deflate = contentEncoding != null && contentEncoding.trim().equalsIgnoreCase("deflate");
  }

  /** {@code gzip}, {@code x-gzip} or {@code deflate}, the encodings this inflates. */
  public static boolean handles(String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    String e = contentEncoding.trim();
    return e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip") || e.equalsIgnoreCase("deflate");
  }

  public void add(ByteBuffer bytes) {
    if (state == State.DONE) {
      return;
    }
    ByteBuffer b = bytes.duplicate();
    byte[] copy = new byte[b.remaining()];
    b.get(copy);
    add(copy, 0, copy.length);
  }

  public void add(byte[] bytes, int offset, int length) {
    switch (state) {
      case PASS_THROUGH:
        sink.accept(bytes, offset, length);
        return;
      case INFLATE:
        inflate(bytes, offset, length);
        return;
      case HEADER:
        header(bytes, offset, length);
        return;
      default:
    }
  }

  /** Frees the inflater; later bytes are ignored. */
  public void close() {
    state = State.DONE;
    if (inflater != null) {
      inflater.end();
      inflater = null;
    }
  }

  private void header(byte[] bytes, int offset, int length) {
    if (headerLength + length > header.length) {
      byte[] bigger = new byte[Math.min(Math.max(header.length * 2, headerLength + length), MAX_HEADER + length)];
      System.arraycopy(header, 0, bigger, 0, headerLength);
      header = bigger;
    }
    System.arraycopy(bytes, offset, header, headerLength, length);
    headerLength += length;
    if (deflate) {
      deflateHeader();
      return;
    }
    if (headerLength >= 1 && (header[0] & 0xff) != 0x1f || headerLength >= 2 && (header[1] & 0xff) != 0x8b) {
      state = State.PASS_THROUGH; // not gzip after all: already inflated
      sink.accept(header, 0, headerLength);
      header = null;
      return;
    }
    int end = headerEnd();
    if (end == -1) {
      if (headerLength > MAX_HEADER) {
        close();
      }
      return;
    }
    if (end == -2 || (header[2] & 0xff) != 8) {
      close(); // a flag or method this is not meant for: nothing to parse
      return;
    }
    startInflating(true, end);
  }

  /**
   * Decides from a deflate body's first bytes: a zlib header (method 8, a window of at most 32 KiB, the
   * check bits right, no preset dictionary) is inflated as zlib; text that starts as JSON or an event
   * stream passes through; anything else is inflated as raw deflate data.
   */
  private void deflateHeader() {
    int b0 = header[0] & 0xff;
    if (headerLength >= 2 && (b0 & 0x0f) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | (header[1] & 0xff)) % 31 == 0) {
      if ((header[1] & 0x20) != 0) {
        close(); // a preset dictionary, which HTTP never announces: nothing to parse
      } else {
        startInflating(false, 0);
      }
      return;
    }
    int text = looksLikeText();
    if (text == 1) {
      state = State.PASS_THROUGH;
      sink.accept(header, 0, headerLength);
      header = null;
    } else if (headerLength >= 2 && (text == -1 || headerLength >= DEFLATE_SNIFF)) {
      startInflating(true, 0);
    } // else wait for the bytes that tell
  }

  /**
   * Whether what arrived is the start of a body that was never compressed: 1 for JSON (an opening brace or bracket)
   * or an event stream ({@code data:}, {@code event:}, {@code id:}, a {@code :} comment), or white space, -1 when
   * it cannot be, 0 when more bytes are needed to tell.
   */
  private int looksLikeText() {
    int b0 = header[0] & 0xff;
    if (b0 == '{' || b0 == '[' || b0 == ':' || b0 == ' ' || b0 == '\t' || b0 == '\n' || b0 == '\r') {
      return 1;
    }
    int undecided = -1;
    for (String start : new String[] {"data:", "event:", "id:"}) {
      int n = Math.min(start.length(), headerLength);
      boolean same = true;
      for (int i = 0; i < n && same; i++) {
        same = header[i] == start.charAt(i);
      }
      if (same) {
        if (n == start.length()) {
          return 1;
        }
        undecided = 0;
      }
    }
    return undecided;
  }

  private void startInflating(boolean raw, int from) {
    state = State.INFLATE;
    inflater = new Inflater(raw);
    byte[] rest = header;
    header = null;
    inflate(rest, from, headerLength - from);
  }

  /** Where the header ends in what arrived so far: -1 if it has not all arrived, -2 if it is malformed. */
  private int headerEnd() {
    if (headerLength < 10) {
      return -1;
    }
    int flags = header[3] & 0xff;
    if ((flags & 0xe0) != 0) {
      return -2; // reserved bits
    }
    int i = 10;
    if ((flags & FEXTRA) != 0) {
      if (headerLength < i + 2) {
        return -1;
      }
      i += 2 + ((header[i] & 0xff) | (header[i + 1] & 0xff) << 8);
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        while (i < headerLength && header[i] != 0) {
          i++;
        }
        if (i >= headerLength) {
          return -1;
        }
        i++;
      }
    }
    if ((flags & FHCRC) != 0) {
      i += 2;
    }
    return i <= headerLength ? i : -1;
  }

  private void inflate(byte[] bytes, int offset, int length) {
    if (length <= 0) {
      return;
    }
    inflater.setInput(bytes, offset, length);
    try {
      while (!inflater.needsInput() && !inflater.finished()) {
        int n = inflater.inflate(out);
        if (n == 0) {
          break; // needs a dictionary (not HTTP's) or more input
        }
        sink.accept(out, 0, n);
      }
      if (inflater.finished()) {
        close(); // the trailer (and any further member) is not parsed
      }
    } catch (DataFormatException e) {
      close();
    }
  }
}
