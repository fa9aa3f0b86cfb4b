package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MediaStreamEventTest {
  @Test
  void twilioAndPlivoStartsNameTheCall() {
    MediaStreamEvent twilio = MediaStreamEvent.parse(
        "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"callSid\":\"CA1\",\"streamSid\":\"MZ1\"},\"streamSid\":\"MZ1\"}");
    assertEquals("twilio", twilio.source);
    assertEquals("CA1", twilio.callId);
    assertEquals("MZ1", twilio.streamId);
    MediaStreamEvent plivo = MediaStreamEvent.parse(
        "{\"event\":\"start\",\"start\":{\"callId\":\"c-1\",\"streamId\":\"s-1\"}}");
    assertEquals("plivo", plivo.source);
    assertEquals("c-1", plivo.callId);
  }

  @Test
  void marksClearsAndMediaAreRecognised() {
    assertEquals("reply-1", MediaStreamEvent.parse("{\"event\":\"mark\",\"mark\":{\"name\":\"reply-1\"}}").markName);
    assertEquals("cp", MediaStreamEvent.parse("{\"event\":\"playedStream\",\"name\":\"cp\"}").markName);
    assertTrue(MediaStreamEvent.parse("{\"event\":\"clear\",\"streamSid\":\"MZ1\"}").isClear());
    assertTrue(MediaStreamEvent.parse("{\"event\":\"clearAudio\"}").isClear());
    assertTrue(MediaStreamEvent.parse("{\"event\":\"media\",\"media\":{\"payload\":\"AAAA\"}}").isMedia());
  }

  @Test
  void anythingElseIsNotAnEventAndNeverThrows() {
    assertNull(MediaStreamEvent.parse("hello"));
    assertNull(MediaStreamEvent.parse("{\"event\":\"start\",\"start\":"));
    assertNull(MediaStreamEvent.parse("[\"event\",\"start\"]"));
    assertNull(MediaStreamEvent.parse(null));
    assertEquals("dtmf", MediaStreamEvent.parse("{\"event\":\"dtmf\",\"dtmf\":{\"digit\":\"1\"}}").event);
  }
}
