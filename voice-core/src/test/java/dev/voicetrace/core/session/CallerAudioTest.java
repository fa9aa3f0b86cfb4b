package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class CallerAudioTest {
  private static final long FRAME_NANOS = 20_000_000L; // 160 μ-law samples at 8 kHz

  private static String twilioMedia(String track, byte[] muLaw) {
    return "{\"event\":\"media\",\"sequenceNumber\":\"4\",\"media\":{\"track\":\"" + track
        + "\",\"chunk\":\"3\",\"timestamp\":\"60\",\"payload\":\"" + Base64.getEncoder().encodeToString(muLaw)
        + "\"},\"streamSid\":\"MZ1\"}";
  }

  private static byte[] frame(int muLawByte) {
    byte[] frame = new byte[160];
    Arrays.fill(frame, (byte) muLawByte);
    return frame;
  }

  /** μ-law of a 16-bit sample (G.711), enough for test tones. */
  private static byte encode(int sample) {
    int sign = sample < 0 ? 0x80 : 0;
    int magnitude = Math.min(Math.abs(sample), 32635) + 0x84;
    int exponent = 7;
    for (int mask = 0x4000; (magnitude & mask) == 0 && exponent > 0; mask >>= 1) {
      exponent--;
    }
    int mantissa = (magnitude >> (exponent + 3)) & 0x0f;
    return (byte) ~(sign | (exponent << 4) | mantissa);
  }

  private static byte[] tone(int amplitude) {
    byte[] frame = new byte[160];
    for (int i = 0; i < frame.length; i++) {
      frame[i] = encode((int) (amplitude * Math.sin(2 * Math.PI * 440 * i / 8000.0)));
    }
    return frame;
  }

  @Test
  void speechFramesLastTheirDurationAndSilenceIsZero() {
    assertEquals(FRAME_NANOS, CallerAudio.speechNanos(twilioMedia("inbound", tone(8000))));
    assertEquals(0, CallerAudio.speechNanos(twilioMedia("inbound", frame(0xFF))), "μ-law silence");
    assertEquals(0, CallerAudio.speechNanos(twilioMedia("inbound", tone(300))), "line noise below the threshold");
  }

  @Test
  void plivoFramesWithoutATrackAreInbound() {
    String plivo = "{\"event\":\"media\",\"media\":{\"timestamp\":\"1700000000\",\"chunk\":\"1\",\"payload\":\""
        + Base64.getEncoder().encodeToString(tone(8000)) + "\"},\"streamId\":\"s1\"}";
    assertEquals(FRAME_NANOS, CallerAudio.speechNanos(plivo));
  }

  @Test
  void outboundTracksAndGarbageAreNotRead() {
    assertEquals(-1, CallerAudio.speechNanos(twilioMedia("outbound", tone(8000))));
    assertEquals(-1, CallerAudio.speechNanos("{\"event\":\"media\",\"media\":{\"payload\":\"@@not base64@@\"}}"));
    assertEquals(-1, CallerAudio.speechNanos("{\"event\":\"media\",\"media\":{\"payload\":\""));
    assertEquals(-1, CallerAudio.speechNanos("{\"event\":\"media\"}"));
    assertEquals(-1, CallerAudio.speechNanos("{\"event\":\"media\",\"media\":{\"payload\":\"\"}}"));
  }

  @Test
  void theFramesStreamTimestampIsRead() {
    assertEquals(60, CallerAudio.timestampMillis(twilioMedia("inbound", frame(0xFF))), "quoted (Twilio)");
    assertEquals(1700000000123L, CallerAudio.timestampMillis("{\"event\":\"media\",\"media\":{\"timestamp\": 1700000000123}}"));
    assertEquals(-1, CallerAudio.timestampMillis("{\"event\":\"media\",\"media\":{\"payload\":\"\"}}"));
    assertEquals(-1, CallerAudio.timestampMillis("{\"event\":\"media\",\"media\":{\"timestamp\":\"soon\"}}"));
  }
}
