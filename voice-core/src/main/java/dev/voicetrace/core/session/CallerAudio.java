package dev.voicetrace.core.session;

/**
 * Where the caller's speech ends, read from the inbound audio of a telephony media stream: the
 * evidence {@code voice.turn.user_to_bot_latency} starts from ({@code latency_basis=inbound_audio}).
 * Each inbound {@code media} frame's base64 μ-law payload is decoded on the fly (no copy, no
 * allocation) into its mean absolute 16-bit amplitude; a frame above the threshold is speech. The
 * audio itself is never kept or exported. A frame's {@code timestamp} (ms of stream time, which the
 * platforms send in real time) places it in time better than its arrival, which a busy bot may see
 * late.
 */
final class CallerAudio {
  /** Mean absolute amplitude above which a frame is speech (about −36 dBFS). */
  static final int SPEECH_THRESHOLD = 500;
  private static final long NANOS_PER_SAMPLE = 125_000; // 8 kHz
  private static final int[] MU_LAW_ABS = muLawMagnitudes();
  private static final byte[] BASE64 = base64Values();

  private CallerAudio() {}

  /**
   * The duration in nanoseconds of the speech in one inbound media message: the frame's duration
   * when it is speech, 0 when it is silence, -1 when it is not an inbound μ-law frame this can read
   * (an outbound track, another encoding's session, garbage). Never throws.
   */
  static long speechNanos(String mediaMessage) {
    if (mediaMessage.contains("\"track\"")) {
      int track = MediaStreamEvent.stringValueStart(mediaMessage, "\"track\"");
      if (track < 0 || !mediaMessage.startsWith("inbound", track)) {
        return -1;
      }
    }
    int start = MediaStreamEvent.stringValueStart(mediaMessage, "\"payload\"");
    int end = start < 0 ? -1 : mediaMessage.indexOf('"', start);
    if (end < 0) {
      return -1;
    }
    long sum = 0;
    int samples = 0;
    int bits = 0;
    int buffer = 0;
    for (int i = start; i < end; i++) {
      char c = mediaMessage.charAt(i);
      if (c == '=') {
        break;
      }
      int v = c < 128 ? BASE64[c] : -1;
      if (v < 0) {
        return -1;
      }
      buffer = (buffer << 6) | v;
      bits += 6;
      if (bits >= 8) {
        bits -= 8;
        sum += MU_LAW_ABS[(buffer >>> bits) & 0xff];
        samples++;
      }
    }
    if (samples == 0) {
      return -1;
    }
    return sum / samples > SPEECH_THRESHOLD ? samples * NANOS_PER_SAMPLE : 0;
  }

  /** The frame's {@code "timestamp"} (ms of stream time, quoted or not), or -1. Never throws. */
  static long timestampMillis(String mediaMessage) {
    int key = mediaMessage.indexOf("\"timestamp\"");
    if (key < 0) {
      return -1;
    }
    int i = mediaMessage.indexOf(':', key + 11);
    if (i < 0) {
      return -1;
    }
    i++;
    while (i < mediaMessage.length() && (mediaMessage.charAt(i) == ' ' || mediaMessage.charAt(i) == '"')) {
      i++;
    }
    long value = 0;
    int digits = 0;
    while (i < mediaMessage.length() && digits < 15) {
      char c = mediaMessage.charAt(i);
      if (c < '0' || c > '9') {
        break;
      }
      value = value * 10 + (c - '0');
      digits++;
      i++;
    }
    return digits == 0 ? -1 : value;
  }

  private static int[] muLawMagnitudes() {
    int[] table = new int[256];
    for (int i = 0; i < 256; i++) {
      int u = ~i & 0xff;
      int exponent = (u >> 4) & 0x07;
      int mantissa = u & 0x0f;
      table[i] = (((mantissa << 3) + 0x84) << exponent) - 0x84;
    }
    return table;
  }

  private static byte[] base64Values() {
    byte[] values = new byte[128];
    java.util.Arrays.fill(values, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      values[alphabet.charAt(i)] = (byte) i;
    }
    return values;
  }
}
