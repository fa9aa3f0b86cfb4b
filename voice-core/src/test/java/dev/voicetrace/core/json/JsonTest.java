package dev.voicetrace.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonTest {

  @Test
  void objectsBecomeMapsInOrderAndArraysBecomeLists() {
    Object v = Json.parse(" {\"b\":1, \"a\":[true,false,null,\"x\"], \"c\":{}, \"d\":[]}\n");
    assertTrue(v instanceof Map, String.valueOf(v));
    Map<?, ?> m = (Map<?, ?>) v;
    assertEquals(Arrays.asList("b", "a", "c", "d"), Arrays.asList(m.keySet().toArray()));
    assertEquals(Arrays.asList(true, false, null, "x"), m.get("a"));
    assertEquals(Collections.emptyMap(), m.get("c"));
    assertEquals(Collections.emptyList(), m.get("d"));
  }

  @Test
  void scalarsAtTopLevel() {
    assertEquals(Boolean.TRUE, Json.parse("true"));
    assertEquals(Boolean.FALSE, Json.parse(" false "));
    assertEquals("s", Json.parse("\"s\""));
    assertEquals(42L, Json.parse("42"));
    assertEquals(Collections.singletonList(1L), Json.parse("[1]"));
  }

  @Test
  void integersAreLongsAndEverythingElseIsADouble() {
    Map<String, Object> m = Json.parseObject(
        "{\"i\":7,\"neg\":-12,\"d\":0.25,\"e\":1e3,\"E\":2.5E-1,\"big\":12345678901234567890,\"max\":9223372036854775807}");
    assertEquals(7L, m.get("i"));
    assertEquals(-12L, m.get("neg"));
    assertEquals(0.25, m.get("d"));
    assertEquals(1000.0, m.get("e"));
    assertEquals(0.25, m.get("E"));
    assertEquals(1.2345678901234567E19, m.get("big"));
    assertEquals(Long.MAX_VALUE, m.get("max"));
  }

  @Test
  void stringEscapesAreDecoded() {
    Map<String, Object> m = Json.parseObject(
        "{\"s\":\"q\\\"b\\\\s\\/n\\nt\\tr\\rb\\bf\\f\",\"u\":\"caf\\u00e9 \\u00E9\",\"emoji\":\"\\ud83d\\ude00!\","
            + "\"raw\":\"na\u00efve \uD83D\uDC4B\",\"k\\u0065y\":1}");
    assertEquals("q\"b\\s/n\nt\tr\rb\bf\f", m.get("s"));
    assertEquals("café é", m.get("u"));
    assertEquals("\uD83D\uDE00!", m.get("emoji"));
    assertEquals("na\u00efve \uD83D\uDC4B", m.get("raw"));
    assertEquals(1L, m.get("key"));
  }

  @Test
  void parsesAnyCharSequence() {
    StringBuilder sb = new StringBuilder("{\"model\":\"gpt-4o\"}");
    assertEquals("gpt-4o", Json.string(Json.parse(sb), "model"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
    "", "   ", "{", "}", "[", "]", "{\"a\"}", "{\"a\" 1}", "{\"a\":1,}", "{\"a\":1 \"b\":2}", "[1,]", "[1 2]",
    "{a:1}", "{'a':1}", "tru", "nul", "fals", "nullx", "-", "1.2.3", "--1", "\"unterminated", "\"bad \\u12\"",
    "\"trailing backslash\\", "{\"a\":\"\\u00\"}", "{\"a\":1}}", "[1]]", "{\"a\":1} {\"b\":2}", "\u0000", "<html>",
    "{\"a\":[1,2}", "{\"a\":{\"b\":1]}"
  })
  void garbageGivesNullNeverAnException(String text) {
    assertNull(Json.parse(text), () -> "parsed: " + text);
  }

  @Test
  void nestingIsBoundedSoHostileInputCannotExhaustTheStack() {
    assertNotNull(Json.parse(nestedArrays(40)));
    assertNotNull(Json.parse(nestedObjects(40)));
    assertNull(Json.parse(nestedArrays(1000)));
    assertNull(Json.parse(nestedObjects(1000)));
    assertNull(Json.parse(nestedArrays(2_000_000)));
    StringBuilder unclosed = new StringBuilder();
    for (int i = 0; i < 500_000; i++) {
      unclosed.append("{\"a\":");
    }
    assertNull(Json.parse(unclosed));
  }

  @Test
  void nestingWithinTheBoundKeepsItsValues() {
    Object v = Json.parse(nestedObjects(40));
    Object[] path = new Object[40];
    Arrays.fill(path, "a");
    assertEquals(Collections.emptyMap(), Json.at(v, path));
  }

  @Test
  void parseObjectReturnsOnlyObjects() {
    assertNull(Json.parseObject("[1,2]"));
    assertNull(Json.parseObject("\"{}\""));
    assertNull(Json.parseObject("3"));
    assertNull(Json.parseObject(null));
    assertEquals(Collections.singletonMap("a", 1L), Json.parseObject("{\"a\":1}"));
  }

  @Test
  void duplicateKeysKeepTheLastValue() {
    assertEquals(2L, Json.integer(Json.parseObject("{\"a\":1,\"a\":2}"), "a"));
    // in the first one's place, in a small object and in one large enough to be a hash map
    assertEquals(Map.of("a", 3L, "b", 2L), Json.parseObject("{\"a\":1,\"b\":2,\"a\":3}"));
    assertEquals(Arrays.asList("a", "b"), List.copyOf(Json.parseObject("{\"a\":1,\"b\":2,\"a\":3}").keySet()));
    Map<String, Object> large = Json.parseObject(members(12) + ",\"k0\":\"again\",\"k11\":\"last\"}");
    assertEquals(12, large.size());
    assertEquals("again", large.get("k0"));
    assertEquals("last", large.get("k11"));
    assertEquals("k0", large.keySet().iterator().next());
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 3, 7, 8, 9, 10, 40})
  void objectsOfAnySizeKeepEveryMemberInOrder(int n) {
    Map<String, Object> m = Json.parseObject(members(n) + "}");
    assertEquals(n, m.size());
    List<String> keys = new java.util.ArrayList<>();
    java.util.LinkedHashMap<String, Object> expected = new java.util.LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      keys.add("k" + i);
      expected.put("k" + i, (long) i);
      assertEquals((long) i, m.get("k" + i), "member " + i + " of " + n);
      assertTrue(m.containsKey("k" + i));
    }
    assertEquals(keys, List.copyOf(m.keySet()), "in the order they came");
    assertEquals(expected, m, "equal to a map of the same members");
    assertEquals(expected.hashCode(), m.hashCode());
    assertNull(m.get("k" + n));
    assertNull(m.get(null));
    assertTrue(!m.containsKey("missing"));
    assertThrows(UnsupportedOperationException.class, () -> m.put("x", 1L), "read-only");
  }

  @Test
  void membersAndValuesThatRepeatInEveryChunkReadTheSameAsAnyOther() {
    String chunk = "{\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini\","
        + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Hi\"},\"finish_reason\":\"stop\"}],"
        + "\"usage\":{\"prompt_tokens\":12,\"completion_tokens\":3},\"ids\":\"ide\",\"stops\":\"sto\",\"i\":\"\",\"c\":\"\"}";
    Map<String, Object> m = Json.parseObject(chunk);
    assertEquals("chat.completion.chunk", m.get("object"));
    assertEquals("Hi", Json.string(m, "choices", 0, "delta", "content"));
    assertEquals("assistant", Json.string(m, "choices", 0, "delta", "role"));
    assertEquals("stop", Json.string(m, "choices", 0, "finish_reason"));
    assertEquals(3L, Json.integer(m, "usage", "completion_tokens"));
    // near misses of the known words: same length or same start
    assertEquals("ide", m.get("ids"));
    assertEquals("sto", m.get("stops"));
    assertEquals("", m.get("i"));
    assertEquals("", m.get("c"));
    assertEquals("stoP", Json.parse("\"stoP\""));
    assertEquals("Stop", Json.parse("\"Stop\""));
    assertEquals("st\"op", Json.parse("\"st\\\"op\""));
  }

  private static String members(int n) {
    StringBuilder b = new StringBuilder("{");
    for (int i = 0; i < n; i++) {
      b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
    }
    return b.toString();
  }

  @Test
  void pathHelpersFollowKeysAndIndexes() {
    Map<String, Object> root = Json.parseObject(
        "{\"choices\":[{\"delta\":{\"content\":\"hi\"},\"index\":0,\"logprob\":-0.5,\"ok\":false}],\"n\":2.9,\"s\":\"3\"}");
    assertEquals("hi", Json.string(root, "choices", 0, "delta", "content"));
    assertEquals(0L, Json.integer(root, "choices", 0, "index"));
    assertEquals(-0.5, Json.number(root, "choices", 0, "logprob"));
    assertEquals(Boolean.FALSE, Json.bool(root, "choices", 0, "ok"));
    assertEquals(2L, Json.integer(root, "n"), "doubles are truncated");
    assertEquals(2.9, Json.number(root, "n"));
    assertEquals(0.0, Json.number(root, "choices", 0, "index"));
    assertSame(root, Json.at(root));
  }

  @Test
  void pathHelpersGiveNullForAnythingAbsentOrOfAnotherType() {
    Map<String, Object> root = Json.parseObject("{\"a\":[1,{\"b\":\"x\"}],\"s\":\"3\",\"nul\":null}");
    assertNull(Json.at(root, "missing"));
    assertNull(Json.at(root, "a", 2));
    assertNull(Json.at(root, "a", -1));
    assertNull(Json.at(root, "a", "0"), "a key on a list");
    assertNull(Json.at(root, 0), "an index on a map");
    assertNull(Json.at(root, "a", 1L), "only Integer indexes");
    assertNull(Json.at(root, "s", "deeper"));
    assertNull(Json.at(null, "a"));
    assertNull(Json.at(root, "nul", "x"));
    assertNull(Json.string(root, "a"));
    assertNull(Json.integer(root, "s"), "a numeric string is not a number");
    assertNull(Json.number(root, "a", 1, "b"));
    assertNull(Json.bool(root, "s"));
    assertNull(Json.string(null, "x"));
    List<?> a = (List<?>) Json.at(root, "a");
    assertEquals(2, a.size());
  }

  private static String nestedArrays(int depth) {
    StringBuilder sb = new StringBuilder(depth * 2);
    for (int i = 0; i < depth; i++) {
      sb.append('[');
    }
    for (int i = 0; i < depth; i++) {
      sb.append(']');
    }
    return sb.toString();
  }

  private static String nestedObjects(int depth) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < depth; i++) {
      sb.append("{\"a\":");
    }
    sb.append("{}");
    for (int i = 0; i < depth; i++) {
      sb.append('}');
    }
    return sb.toString();
  }

  @Test
  void memberReadsAValueOutOfATruncatedDocument() {
    String cut = "{\"config\" : {\"model\":\"latest_short\",\"languageCode\":\"en-US\"},\"audio\":{\"content\":\"AAAA";
    assertEquals("latest_short", Json.string(Json.member(cut, "config"), "model"));
    assertEquals(null, Json.member(cut, "content"), "a value cut before its end is not read");
    assertEquals(null, Json.member(cut, "missing"));
    assertEquals(7L, Json.member("[\"config\",{\"config\":7}", "config"), "a string that is not a key is skipped");
    assertEquals(null, Json.member(null, "config"));
  }
}
