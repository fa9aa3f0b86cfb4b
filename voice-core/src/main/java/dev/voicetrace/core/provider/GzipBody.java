package dev.voicetrace.core.provider;

import java.nio.ByteBuffer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * A {@code Content-Encoding: gzip} response body inflated as its bytes pass, for the parsers only: the
 * application still reads the bytes as they came (the JDK {@code HttpClient} and {@code
 * HttpURLConnection} hand gzip over compressed; the bot inflates it itself). Pushed, not pulled, so
 * nothing waits for more input and nothing is buffered beyond the gzip header and one inflated chunk.
 *
 * <p>A body that does not start with the gzip magic bytes (a client that inflated it but kept the
 * header) passes through unchanged; a corrupt stream stops the inflated output where it broke, and
 * what follows is ignored. {@link #close} frees the native inflater at once (it would otherwise wait
 * for a garbage collection).
 */
public final class GzipBody {
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

  private enum State { HEADER, INFLATE, PASS_THROUGH, DONE }

  private final Sink sink;
  private final byte[] out = new byte[8 * 1024];
  private byte[] header = new byte[16];
  private int headerLength;
  private State state = State.HEADER;
  private Inflater inflater;

  public GzipBody(Sink sink) {
    this.sink = sink;
  }

  /** {@code gzip} or {@code x-gzip}, the encodings this inflates. */
  public static boolean handles(String contentEncoding) {
    if (contentEncoding == null) {
      return false;
    }
    String e = contentEncoding.trim();
    return e.equalsIgnoreCase("gzip") || e.equalsIgnoreCase("x-gzip");
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
    state = State.INFLATE;
    inflater = new Inflater(true);
    byte[] rest = header;
    header = null;
    inflate(rest, end, headerLength - end);
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
          break; // needs a dictionary (not gzip's) or more input
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
