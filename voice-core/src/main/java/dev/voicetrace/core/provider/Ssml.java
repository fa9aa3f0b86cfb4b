package dev.voicetrace.core.provider;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What an SSML document says aloud: the spoken text inside {@code <speak>} (tags, comments and
 * processing instructions dropped, entities decoded to their one character, runs of white space
 * read as one space) and the first {@code <voice name="…">}. Any input is tolerated: what is not
 * SSML gives {@code null}s.
 */
public final class Ssml {
  private static final Pattern NAME = Pattern.compile("\\sname\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");

  /** The first voice's {@code name}, or {@code null}. */
  public final String voice;
  /** The spoken text, or {@code null} when there is no {@code <speak>} element. */
  public final String text;

  private Ssml(String voice, String text) {
    this.voice = voice;
    this.text = text;
  }

  public static Ssml read(String document) {
    if (document == null) {
      return new Ssml(null, null);
    }
    int speak = openTag(document, "speak", 0);
    if (speak < 0) {
      return new Ssml(null, null);
    }
    return new Ssml(voiceName(document, speak), spokenText(document, speak));
  }

  /** The index of {@code <name} followed by white space, {@code >} or {@code /}; -1 if absent. */
  private static int openTag(String s, String name, int from) {
    int at = from;
    while ((at = s.indexOf("<" + name, at)) >= 0) {
      int after = at + name.length() + 1;
      if (after < s.length()) {
        char c = s.charAt(after);
        if (c == '>' || c == '/' || Character.isWhitespace(c)) {
          return at;
        }
      }
      at = after;
    }
    return -1;
  }

  private static String voiceName(String s, int from) {
    int voice = openTag(s, "voice", from);
    if (voice < 0) {
      return null;
    }
    int end = s.indexOf('>', voice);
    if (end < 0) {
      return null;
    }
    Matcher m = NAME.matcher(s).region(voice, end);
    if (!m.find()) {
      return null;
    }
    String name = m.group(1) != null ? m.group(1) : m.group(2);
    return name.isEmpty() ? null : decode(name);
  }

  private static String spokenText(String s, int speak) {
    StringBuilder out = new StringBuilder();
    boolean space = false;
    int i = s.indexOf('>', speak);
    if (i < 0) {
      return null;
    }
    i++;
    int n = s.length();
    while (i < n) {
      char c = s.charAt(i);
      if (c == '<') {
        if (s.startsWith("</speak", i)) {
          break;
        }
        if (s.startsWith("<![CDATA[", i)) {
          int end = s.indexOf("]]>", i);
          int stop = end < 0 ? n : end;
          for (int k = i + 9; k < stop; k++) {
            space = append(out, s.charAt(k), space);
          }
          i = end < 0 ? n : end + 3;
          continue;
        }
        String close = s.startsWith("<!--", i) ? "-->" : ">";
        int end = s.indexOf(close, i);
        i = end < 0 ? n : end + close.length();
        continue;
      }
      if (c == '&') {
        int semi = semicolon(s, i);
        if (semi > 0) {
          String entity = decode(s.substring(i, semi + 1));
          space = append(out, entity.length() == 1 || Character.isSurrogate(entity.charAt(0)) ? entity : "\uFFFD", space);
          i = semi + 1;
          continue;
        }
      }
      space = append(out, c, space);
      i++;
    }
    int len = out.length();
    if (len > 0 && out.charAt(len - 1) == ' ') {
      out.setLength(len - 1);
    }
    return out.toString();
  }

  /** Appends one character, folding white space into single spaces (none leading); returns "last was space". */
  private static boolean append(StringBuilder out, char c, boolean space) {
    if (Character.isWhitespace(c)) {
      if (!space && out.length() > 0) {
        out.append(' ');
        return true;
      }
      return space;
    }
    out.append(c);
    return false;
  }

  private static boolean append(StringBuilder out, String piece, boolean space) {
    boolean last = space;
    for (int k = 0; k < piece.length(); k++) {
      last = append(out, piece.charAt(k), last);
    }
    return last;
  }

  /** Decodes the five XML entities and numeric references; anything else is left as it is. */
  static String decode(String s) {
    if (s.indexOf('&') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      char c = s.charAt(i);
      int semi = c == '&' ? semicolon(s, i) : -1;
      String ref = semi > 0 ? s.substring(i + 1, semi) : null;
      String decoded = ref == null ? null : entity(ref);
      if (decoded == null) {
        b.append(c);
        i++;
      } else {
        b.append(decoded);
        i = semi + 1;
      }
    }
    return b.toString();
  }

  /** The {@code ;} closing an entity that starts at {@code amp}, within 12 characters; -1 if none. */
  private static int semicolon(String s, int amp) {
    int limit = Math.min(s.length(), amp + 13);
    for (int k = amp + 2; k < limit; k++) {
      if (s.charAt(k) == ';') {
        return k;
      }
    }
    return -1;
  }

  private static String entity(String ref) {
    switch (ref) {
      case "amp":
        return "&";
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return "\"";
      case "apos":
        return "'";
      default:
        break;
    }
    if (ref.length() < 2 || ref.charAt(0) != '#') {
      return null;
    }
    try {
      boolean hex = ref.charAt(1) == 'x' || ref.charAt(1) == 'X';
      int cp = Integer.parseInt(ref.substring(hex ? 2 : 1), hex ? 16 : 10);
      return Character.isValidCodePoint(cp) ? new String(Character.toChars(cp)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
