package dev.voicetrace.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class VoiceConfigTest {
  private static final String P = VoiceConfig.PREFIX;
  private static final String GENAI = "otel.instrumentation.genai.capture-message-content";

  @Test
  void prefixIsTheDocumentedOne() {
    assertEquals("otel.instrumentation.voicetrace.", P);
  }

  @Test
  void defaultsWithNothingSetAndNoWarning() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, k -> null);
    assertTrue(c.enabled);
    assertEquals("voice", c.profile);
    assertEquals("", c.sessionMethods);
    assertEquals("", c.connectionMethods);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
    assertEquals(Duration.ofHours(4), c.maxDuration);
    assertEquals(5000, c.maxSpansPerSession);
    assertEquals(Duration.ofMillis(1500), c.quietGap);
    assertEquals(Duration.ofSeconds(60), c.abandonTimeout);
    assertFalse(c.captureContent);
    assertEquals(2048, c.captureMaxLength);
    assertEquals(10, c.captureMaxMessages);
    assertEquals("session", c.tracePer);
    assertEquals("", c.providers);
    assertEquals("", c.providersFile);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void blankValuesCountAsUnsetWithoutWarning() {
    Map<String, String> m = new HashMap<>();
    m.put(P + "enabled", "  ");
    m.put(P + "session.max-spans", "");
    m.put(P + "session.idle-timeout", "\t");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, m::get);
    assertTrue(c.enabled);
    assertEquals(5000, c.maxSpansPerSession);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void everyKeyReadsAValidValueWithoutWarning() {
    Map<String, String> m = new HashMap<>();
    m.put(P + "enabled", "FALSE");
    m.put(P + "profile", " Full ");
    m.put(P + "session.methods", "com.acme.Bot[handleCall,run];com.acme.Other[serve]");
    m.put(P + "session.connection-methods", "com.acme.Ws#onConnect/onDisconnect");
    m.put(P + "session.idle-timeout", "90s");
    m.put(P + "session.max-duration", "2h");
    m.put(P + "session.max-spans", "7");
    m.put(P + "turn.quiet-gap", "250ms");
    m.put(P + "stream.abandon-timeout", "5s");
    m.put(P + "capture-content", "true");
    m.put(P + "capture-content.max-length", "100");
    m.put(P + "capture-content.max-messages", "3");
    m.put(P + "trace-per", "TURN");
    m.put(P + "providers", "tts:acme=POST /v2/speak");
    m.put(P + "providers-file", "/etc/voicetrace/providers.txt");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, m::get);
    assertFalse(c.enabled);
    assertEquals("full", c.profile);
    assertEquals("com.acme.Bot[handleCall,run];com.acme.Other[serve]", c.sessionMethods);
    assertEquals("com.acme.Ws#onConnect/onDisconnect", c.connectionMethods);
    assertEquals(Duration.ofSeconds(90), c.idleTimeout);
    assertEquals(Duration.ofHours(2), c.maxDuration);
    assertEquals(7, c.maxSpansPerSession);
    assertEquals(Duration.ofMillis(250), c.quietGap);
    assertEquals(Duration.ofSeconds(5), c.abandonTimeout);
    assertTrue(c.captureContent);
    assertEquals(100, c.captureMaxLength);
    assertEquals(3, c.captureMaxMessages);
    assertEquals("turn", c.tracePer);
    assertEquals("tts:acme=POST /v2/speak", c.providers);
    assertEquals("/etc/voicetrace/providers.txt", c.providersFile);
    assertEquals("", err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void theStandardGenAiKeyTurnsContentCaptureOn() {
    assertTrue(VoiceConfig.from(k -> k.equals(GENAI) ? "true" : null).captureContent);
    assertTrue(VoiceConfig.from(k -> k.equals(GENAI) ? "true" : k.equals(P + "capture-content") ? "false" : null).captureContent,
        "either key turns it on");
    assertFalse(VoiceConfig.from(k -> k.equals(GENAI) ? "false" : null).captureContent);
    assertTrue(VoiceConfig.from(k -> k.equals(P + "capture-content") ? "True" : null).captureContent);
  }

  @ParameterizedTest(name = "{0} = ''{1}''")
  @CsvSource(delimiter = '|', value = {
    "enabled | yes please",
    "enabled | 1",
    "capture-content | on",
    "profile | fat",
    "trace-per | call",
    "session.max-spans | -3",
    "session.max-spans | 0",
    "session.max-spans | abc",
    "session.max-spans | 1.5",
    "session.max-spans | 99999999999",
    "capture-content.max-length | 0",
    "capture-content.max-length | lots",
    "capture-content.max-messages | -1",
    "session.idle-timeout | 10 minutes",
    "session.idle-timeout | -5s",
    "session.idle-timeout | 0s",
    "session.idle-timeout | 0",
    "session.idle-timeout | 1.5m",
    "session.max-duration | forever",
    "session.max-duration | 99999999999999999999h",
    "turn.quiet-gap | 5x",
    "turn.quiet-gap | ms",
    "stream.abandon-timeout | PT60S",
  })
  void aBadValueGivesTheDefaultAndExactlyOneLineNamingKeyAndValue(String key, String value) {
    VoiceConfig defaults = VoiceConfig.from(k -> null);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, k -> k.equals(P + key) ? value : null);
    assertEquals(describe(defaults), describe(c), "the default is used");
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(P + key), lines.get(0));
    assertTrue(lines.get(0).contains(value), lines.get(0));
  }

  @Test
  void aBadGenAiValueIsWarnedAboutUnderItsOwnName() {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, k -> k.equals(GENAI) ? "maybe" : null);
    assertFalse(c.captureContent);
    List<String> lines = err.toString(StandardCharsets.UTF_8).lines().collect(Collectors.toList());
    assertEquals(1, lines.size(), lines.toString());
    assertTrue(lines.get(0).contains(GENAI) && lines.get(0).contains("maybe"), lines.get(0));
  }

  @Test
  void severalBadValuesGiveOneLineEachAndKeepTheGoodOnes() {
    Map<String, String> m = new HashMap<>();
    m.put(P + "enabled", "nope");
    m.put(P + "session.max-spans", "-3");
    m.put(P + "session.idle-timeout", "-5s");
    m.put(P + "turn.quiet-gap", "400ms");
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    VoiceConfig c = read(err, m::get);
    assertTrue(c.enabled);
    assertEquals(5000, c.maxSpansPerSession);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
    assertEquals(Duration.ofMillis(400), c.quietGap);
    assertEquals(3, err.toString(StandardCharsets.UTF_8).lines().count());
  }

  @Test
  void aFailingSourceGivesTheDefaults() {
    VoiceConfig c = read(new ByteArrayOutputStream(), k -> {
      throw new SecurityException("no access to " + k);
    });
    assertTrue(c.enabled);
    assertEquals(Duration.ofMinutes(10), c.idleTimeout);
  }

  @ParameterizedTest
  @CsvSource({
    "1500, PT1.5S",
    "1500ms, PT1.5S",
    "60s, PT1M",
    "10m, PT10M",
    "4h, PT4H",
    "1d, PT24H",
    "' 20 S ', PT20S",
    "250MS, PT0.25S",
    "0s, PT0S",
  })
  void parseDurationUnits(String text, String expected) {
    assertEquals(Duration.parse(expected), VoiceConfig.parseDuration(text));
  }

  @ParameterizedTest
  @ValueSource(strings = {"10 minutes", "-5s", "", "s", "1.5s", "5x", "PT5S", "ten"})
  void parseDurationRejectsAnythingElse(String text) {
    assertThrows(IllegalArgumentException.class, () -> VoiceConfig.parseDuration(text));
  }

  private static String describe(VoiceConfig c) {
    return c.enabled + "|" + c.profile + "|" + c.idleTimeout + "|" + c.maxDuration + "|" + c.maxSpansPerSession + "|"
        + c.quietGap + "|" + c.abandonTimeout + "|" + c.captureContent + "|" + c.captureMaxLength + "|"
        + c.captureMaxMessages + "|" + c.tracePer;
  }

  private static VoiceConfig read(ByteArrayOutputStream sink, Function<String, String> source) {
    PrintStream original = System.err;
    System.setErr(new PrintStream(sink, true, StandardCharsets.UTF_8));
    try {
      return VoiceConfig.from(source);
    } finally {
      System.setErr(original);
    }
  }
}
