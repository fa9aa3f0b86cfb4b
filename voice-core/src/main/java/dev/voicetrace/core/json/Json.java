package dev.voicetrace.core.json;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small, tolerant JSON reader for provider bodies: objects become read-only {@code Map}s in the order of
 * their members, arrays {@code List}, numbers {@code Long} or {@code Double}. Garbage gives {@code null}, never an exception.
 * Nesting is bounded so that hostile input cannot exhaust the stack.
 */
public final class Json {
  private static final int MAX_DEPTH = 64;
  /** Every {@code {}}: read-only, so one serves all. */
  private static final Map<String, Object> EMPTY_OBJECT = new JsonObject(new Object[0], 0);
  /**
   * Keys and values that provider bodies repeat in every chunk, returned as these constants instead of a new
   * string each time; by length, then first character.
   */
  private static final String[][] KNOWN = byLength("id", "object", "created", "model", "system_fingerprint",
      "choices", "index", "delta", "content", "role", "finish_reason", "logprobs", "usage", "prompt_tokens",
      "completion_tokens", "total_tokens", "prompt_tokens_details", "completion_tokens_details", "cached_tokens",
      "audio_tokens", "reasoning_tokens", "accepted_prediction_tokens", "rejected_prediction_tokens", "tool_calls",
      "function", "name", "arguments", "type", "service_tier", "refusal", "obfuscation", "text", "audio",
      "transcript", "data", "message", "error", "code", "param", "response", "output", "output_index",
      "content_index", "item_id", "sequence_number", "input_tokens", "output_tokens", "input_tokens_details",
      "output_tokens_details", "status", "annotations", "chat.completion.chunk", "chat.completion", "assistant",
      "stop", "length", "default", "response.output_text.delta", "transcript.text.delta", "speech.audio.delta");

  private final CharSequence text;
  private int pos;

  private Json(CharSequence text) {
    this.text = text;
  }

  /** Parses a JSON document, or returns {@code null} if it is not valid JSON. */
  public static Object parse(CharSequence text) {
    if (text == null) {
      return null;
    }
    try {
      Json p = new Json(text);
      p.skipSpace();
      Object value = p.value(0);
      p.skipSpace();
      return p.pos == text.length() ? value : null;
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Parses and returns the document when it is an object, else {@code null}. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> parseObject(CharSequence text) {
    Object v = parse(text);
    return v instanceof Map ? (Map<String, Object>) v : null;
  }

  /**
   * The value of the first {@code "key":} member that parses whole, wherever it is in {@code text},
   * even when the document around it is truncated (a request head cut before its end); {@code null}
   * if there is none. Looks at a bounded number of occurrences.
   */
  public static Object member(CharSequence text, String key) {
    if (text == null || key == null) {
      return null;
    }
    String s = text.toString();
    String quoted = '"' + key + '"';
    int from = 0;
    for (int attempt = 0; attempt < 16; attempt++) {
      int at = s.indexOf(quoted, from);
      if (at < 0) {
        return null;
      }
      from = at + quoted.length();
      try {
        Json p = new Json(s);
        p.pos = from;
        p.skipSpace();
        if (p.text.charAt(p.pos++) != ':') {
          continue;
        }
        p.skipSpace();
        return p.value(0);
      } catch (RuntimeException e) {
        // not a member, or its value is cut: try the next occurrence
      }
    }
    return null;
  }

  /** Follows a path of object keys and array indexes ({@code Integer}); {@code null} if absent. */
  public static Object at(Object root, Object... path) {
    Object cur = root;
    for (Object step : path) {
      if (step instanceof String && cur instanceof Map) {
        cur = ((Map<?, ?>) cur).get(step);
      } else if (step instanceof Integer && cur instanceof List) {
        List<?> list = (List<?>) cur;
        int i = (Integer) step;
        cur = i >= 0 && i < list.size() ? list.get(i) : null;
      } else {
        return null;
      }
    }
    return cur;
  }

  /** The string at a path, or {@code null}. */
  public static String string(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof String ? (String) v : null;
  }

  /** The number at a path as a {@code Long} (doubles truncated), or {@code null}. */
  public static Long integer(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof Number ? ((Number) v).longValue() : null;
  }

  /** The number at a path as a {@code Double}, or {@code null}. */
  public static Double number(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof Number ? ((Number) v).doubleValue() : null;
  }

  /** The boolean at a path, or {@code null}. */
  public static Boolean bool(Object root, Object... path) {
    Object v = at(root, path);
    return v instanceof Boolean ? (Boolean) v : null;
  }

  private Object value(int depth) {
    if (depth > MAX_DEPTH) {
      throw new IllegalStateException("too deep");
    }
    char c = text.charAt(pos);
    switch (c) {
      case '{':
        return object(depth);
      case '[':
        return array(depth);
      case '"':
        return string();
      case 't':
        expect("true");
        return Boolean.TRUE;
      case 'f':
        expect("false");
        return Boolean.FALSE;
      case 'n':
        expect("null");
        return null;
      default:
        return number();
    }
  }

  private Map<String, Object> object(int depth) {
    pos++;
    skipSpace();
    if (text.charAt(pos) == '}') {
      pos++;
      return EMPTY_OBJECT;
    }
    // a small object (every object of a streamed chunk) stays in an array; a larger one spills into a map
    Object[] members = new Object[4];
    int size = 0;
    Map<String, Object> map = null;
    while (true) {
      skipSpace();
      if (text.charAt(pos) != '"') {
        throw new IllegalStateException("key");
      }
      String key = string();
      skipSpace();
      if (text.charAt(pos++) != ':') {
        throw new IllegalStateException("colon");
      }
      skipSpace();
      Object value = value(depth + 1);
      if (map != null) {
        map.put(key, value);
      } else {
        int at = JsonObject.indexOf(members, size, key);
        if (at >= 0) {
          members[2 * at + 1] = value; // a repeated key: the last value, in the first one's place
        } else if (size < JsonObject.MAX_MEMBERS) {
          if (2 * size == members.length) {
            members = Arrays.copyOf(members, 2 * members.length);
          }
          members[2 * size] = key;
          members[2 * size + 1] = value;
          size++;
        } else {
          map = new LinkedHashMap<>();
          for (int i = 0; i < size; i++) {
            map.put((String) members[2 * i], members[2 * i + 1]);
          }
          map.put(key, value);
        }
      }
      skipSpace();
      char c = text.charAt(pos++);
      if (c == '}') {
        return map != null ? Collections.unmodifiableMap(map) : new JsonObject(members, size);
      }
      if (c != ',') {
        throw new IllegalStateException("comma");
      }
    }
  }

  private List<Object> array(int depth) {
    List<Object> list = new ArrayList<>();
    pos++;
    skipSpace();
    if (text.charAt(pos) == ']') {
      pos++;
      return list;
    }
    while (true) {
      skipSpace();
      list.add(value(depth + 1));
      skipSpace();
      char c = text.charAt(pos++);
      if (c == ']') {
        return list;
      }
      if (c != ',') {
        throw new IllegalStateException("comma");
      }
    }
  }

  private String string() {
    pos++;
    StringBuilder sb = null;
    int start = pos;
    while (true) {
      char c = text.charAt(pos);
      if (c == '"') {
        String s = sb != null ? sb.append(text, start, pos).toString() : known(start, pos);
        if (s == null) {
          s = text.subSequence(start, pos).toString();
        }
        pos++;
        return s;
      }
      if (c == '\\') {
        if (sb == null) {
          sb = new StringBuilder();
        }
        sb.append(text, start, pos);
        char e = text.charAt(pos + 1);
        switch (e) {
          case 'n':
            sb.append('\n');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'u':
            sb.append((char) Integer.parseInt(text.subSequence(pos + 2, pos + 6).toString(), 16));
            pos += 4;
            break;
          default:
            sb.append(e);
        }
        pos += 2;
        start = pos;
      } else {
        pos++;
      }
    }
  }

  /** The constant equal to the text between {@code start} and {@code end}, or {@code null}. */
  private String known(int start, int end) {
    int length = end - start;
    if (length >= KNOWN.length || KNOWN[length] == null) {
      return null;
    }
    char first = text.charAt(start);
    for (String k : KNOWN[length]) {
      if (k.charAt(0) != first) {
        continue;
      }
      int i = 1;
      while (i < length && text.charAt(start + i) == k.charAt(i)) {
        i++;
      }
      if (i == length) {
        return k;
      }
    }
    return null;
  }

  private static String[][] byLength(String... words) {
    int longest = 0;
    for (String w : words) {
      longest = Math.max(longest, w.length());
    }
    String[][] table = new String[longest + 1][];
    for (String w : words) {
      String[] same = table[w.length()];
      same = same == null ? new String[1] : Arrays.copyOf(same, same.length + 1);
      same[same.length - 1] = w;
      table[w.length()] = same;
    }
    return table;
  }

  private Object number() {
    int start = pos;
    boolean real = false;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '.' || c == 'e' || c == 'E') {
        real = true;
      } else if (!(c == '-' || c == '+' || (c >= '0' && c <= '9'))) {
        break;
      }
      pos++;
    }
    if (start == pos) {
      throw new IllegalStateException("value");
    }
    if (!real) {
      try {
        return Long.parseLong(text, start, pos, 10);
      } catch (NumberFormatException e) {
        // too large for a long: fall through to double
      }
    }
    return Double.parseDouble(text.subSequence(start, pos).toString());
  }

  private void expect(String word) {
    for (int i = 0; i < word.length(); i++) {
      if (text.charAt(pos + i) != word.charAt(i)) {
        throw new IllegalStateException(word);
      }
    }
    pos += word.length();
  }

  private void skipSpace() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
        return;
      }
      pos++;
    }
  }
}
