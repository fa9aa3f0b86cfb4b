package dev.voicetrace.core.console;

import java.util.Locale;

/** Text formatting shared by the console view: durations, abbreviated ids, single-line values. */
final class Fmt {

  static final String ELLIPSIS = "…";

  private Fmt() {}

  /** {@code < 1 s} as {@code NNN ms}, otherwise {@code N.NN s}. */
  static String nanos(long nanos) {
    long safe = Math.max(0L, nanos);
    long millis = Math.round(safe / 1_000_000.0);
    if (millis < 1000) {
      return millis + " ms";
    }
    return String.format(Locale.ROOT, "%.2f s", safe / 1e9);
  }

  /** A duration attribute recorded as seconds (double), formatted like {@link #nanos}. */
  static String seconds(double seconds) {
    if (Double.isNaN(seconds) || Double.isInfinite(seconds)) {
      return String.valueOf(seconds);
    }
    return nanos((long) (seconds * 1e9));
  }

  /** The first {@code max} characters followed by an ellipsis when the value is longer. */
  static String abbrev(String value, int max) {
    String clean = oneLine(value);
    return clean.length() <= max ? clean : clean.substring(0, max) + ELLIPSIS;
  }

  /** Control characters (line breaks above all) replaced by spaces, so that a value cannot break the tree. */
  static String oneLine(String value) {
    if (value == null) {
      return "";
    }
    StringBuilder b = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c)) {
        if (b == null) {
          b = new StringBuilder(value);
        }
        b.setCharAt(i, ' ');
      }
    }
    return b == null ? value : b.toString();
  }
}
