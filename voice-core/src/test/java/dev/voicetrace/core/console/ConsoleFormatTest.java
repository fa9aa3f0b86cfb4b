package dev.voicetrace.core.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class ConsoleFormatTest {

  @Test
  void durationsUnderOneSecondAreMillisecondsOtherwiseSecondsWithTwoDecimals() {
    assertEquals("0 ms", Fmt.nanos(0));
    assertEquals("0 ms", Fmt.nanos(-5));
    assertEquals("812 ms", Fmt.nanos(812_000_000L));
    assertEquals("999 ms", Fmt.nanos(999_400_000L));
    assertEquals("1.00 s", Fmt.nanos(999_600_000L));
    assertEquals("14.20 s", Fmt.nanos(14_200_000_000L));
    assertEquals("812 ms", Fmt.seconds(0.812));
    assertEquals("1.21 s", Fmt.seconds(1.21));
    assertEquals("NaN", Fmt.seconds(Double.NaN));
  }

  @Test
  void longValuesAreAbbreviatedAndKeptOnOneLine() {
    assertEquals("CA5f0123…", Fmt.abbrev("CA5f0123456789", 8));
    assertEquals("CA5f0123", Fmt.abbrev("CA5f0123", 8));
    assertEquals("a b", Fmt.oneLine("a\nb"));
    assertEquals("", Fmt.abbrev(null, 8));
  }
}
