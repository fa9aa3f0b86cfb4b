package dev.voicetrace.core.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void readsObjectsArraysNumbersAndEscapes() {
    Map<String, Object> json = Json.parseObject(
        "{\"model\":\"gpt-4o-mini\",\"n\":3,\"t\":0.5,\"ok\":true,\"s\":\"a\\\"b\\u00e9\",\"a\":[1,{\"x\":null}]}");
    assertEquals("gpt-4o-mini", Json.string(json, "model"));
    assertEquals(3L, Json.integer(json, "n"));
    assertEquals(0.5, Json.number(json, "t"));
    assertEquals(Boolean.TRUE, Json.bool(json, "ok"));
    assertEquals("a\"bé", Json.string(json, "s"));
    assertEquals(1L, Json.integer(json, "a", 0));
    assertNull(Json.at(json, "a", 1, "x"));
    assertNull(Json.at(json, "a", 7));
  }

  @Test
  void garbageTruncationAndHostileNestingGiveNull() {
    assertNull(Json.parse("{\"model\":"));
    assertNull(Json.parse("not json"));
    assertNull(Json.parse("{\"a\":1} trailing"));
    assertNull(Json.parse("[".repeat(100_000)));
    assertNull(Json.parse(null));
    assertNull(Json.parseObject("[1,2]"));
  }
}
