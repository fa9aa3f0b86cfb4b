package dev.voicetrace.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VoiceConfigParsingTest {
  private static final String P = VoiceConfig.PREFIX;

  @Test
  void defaults() {
    VoiceConfig c = VoiceConfig.from(k -> null);
    assertTrue(c.enabled);
    assertEquals("voice", c.profile);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
    assertEquals(Duration.ofHours(4), c.maxDuration);
    assertEquals(5000, c.maxSpansPerSession);
    assertEquals(Duration.ofMillis(1500), c.quietGap);
    assertFalse(c.captureContent);
    assertEquals(2048, c.captureMaxLength);
    assertEquals(10, c.captureMaxMessages);
    assertEquals("session", c.tracePer);
  }

  @Test
  void validValuesAreRead() {
    Map<String, String> m = new HashMap<>();
    m.put(P + "profile", "FULL");
    m.put(P + "session.idle-timeout", "90s");
    m.put(P + "turn.quiet-gap", "250ms");
    m.put(P + "session.max-spans", "7");
    m.put("otel.instrumentation.genai.capture-message-content", "true");
    VoiceConfig c = VoiceConfig.from(m::get);
    assertEquals("full", c.profile);
    assertEquals(Duration.ofSeconds(90), c.idleTimeout);
    assertEquals(Duration.ofMillis(250), c.quietGap);
    assertEquals(7, c.maxSpansPerSession);
    assertTrue(c.captureContent);
  }

  @Test
  void eachBadValueGivesOneWarningNamingKeyAndValueThenTheDefault() {
    Map<String, String> m = new HashMap<>();
    m.put(P + "enabled", "yes please");
    m.put(P + "session.max-spans", "-3");
    m.put(P + "session.idle-timeout", "10 minutes");
    m.put(P + "profile", "fat");
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true));
    VoiceConfig c;
    try {
      c = VoiceConfig.from(m::get);
    } finally {
      System.setErr(original);
    }
    assertTrue(c.enabled);
    assertEquals(5000, c.maxSpansPerSession);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
    assertEquals("voice", c.profile);
    String out = err.toString(StandardCharsets.UTF_8);
    assertEquals(4, out.lines().count(), out);
    for (Map.Entry<String, String> e : m.entrySet()) {
      assertTrue(out.lines().anyMatch(l -> l.contains(e.getKey()) && l.contains("'" + e.getValue() + "'")), out);
    }
  }
}
