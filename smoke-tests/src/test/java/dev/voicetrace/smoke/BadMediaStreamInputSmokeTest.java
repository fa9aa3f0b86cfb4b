package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.RawMediaSocket;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Garbage on the media stream (unknown events, malformed JSON, stop before start, a start never
 * stopped) neither breaks the bot nor leaves a session open.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class BadMediaStreamInputSmokeTest {

  private static final String SERVICE = "smoke-bad-input";
  private static final String START_ONLY_CALL = "CAsmokebadinputstartonly0000000001";
  private static final String START_ONLY_STREAM = "MZsmokebadinputstartonly000000001";

  @Test
  void garbageAndHalfCallsEndTheirSessionsAndTheBotKeepsWorking(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).endpoint("annotated").start()) {
      String firstEnd;
      try (RawMediaSocket garbage = RawMediaSocket.connect(bot.mediaUrl())) {
        garbage.send("{\"event\":\"no_such_event\",\"sequenceNumber\":\"1\"}")
            .send("{this is not json")
            .send("[1,2,3]")
            .send("{\"event\":null}")
            .send("{\"event\":\"media\",\"media\":{\"payload\":\"!!not base64!!\"}}")
            .send("{\"event\":\"stop\",\"sequenceNumber\":\"5\",\"streamSid\":\"MZsmokenostart\","
                + "\"stop\":{\"accountSid\":\"ACsmoke\",\"callSid\":\"CAsmokestopwithoutstart\"}}");
        firstEnd = garbage.closedBy() != null ? garbage.closedBy() : garbage.closeAndAwait(Duration.ofSeconds(10));
      }
      try (RawMediaSocket halfCall = RawMediaSocket.connect(bot.mediaUrl())) {
        halfCall.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}")
            .send("{\"event\":\"start\",\"sequenceNumber\":\"1\",\"streamSid\":\"" + START_ONLY_STREAM + "\","
                + "\"start\":{\"accountSid\":\"ACsmoke\",\"streamSid\":\"" + START_ONLY_STREAM + "\","
                + "\"callSid\":\"" + START_ONLY_CALL + "\",\"tracks\":[\"inbound\"],\"customParameters\":{},"
                + "\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\",\"sampleRate\":8000,\"channels\":1}}}");
        halfCall.closeAndAwait(Duration.ofSeconds(10));
      }
      assertTrue(bot.jvm().isAlive(), "the bot died on bad input (first connection ended: " + firstEnd + ")\n"
          + bot.jvm().tail());

      // the bot still serves a normal call, traced as usual
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(1).run().assertSucceeded(1).onlyCall();
      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(), requests.size(),
          Duration.ofSeconds(20));
      CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("twilio", call.callSid(), 1, "stop")
          .assertTreeShape(1)
          .assertOneStageSpanPerRequest(requests);

      // three connections, three sessions, each ended with a reason
      view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "three voice.session spans",
          spans -> new TraceView(spans).sessions().size() >= 3, Duration.ofSeconds(15)));
      List<ReceivedSpan> sessions = view.sessions();
      assertEquals(3, sessions.size(), "one session per connection\n" + view.render());
      for (ReceivedSpan s : sessions) {
        assertTrue(s.isRoot(), "session must be a root: " + s.describe());
        assertTrue(CallTreeAssertions.SESSION_END_REASONS.contains(s.stringAttr("voice.session.end_reason")),
            "session without a valid end_reason: " + s.describe() + "\n" + view.render());
      }

      ReceivedSpan startOnly = CallTreeAssertions.forCall(view, START_ONLY_CALL).session();
      assertEquals("twilio", startOnly.stringAttr("voice.session.source"), startOnly.describe());
      assertEquals(START_ONLY_STREAM, startOnly.stringAttr("voice.stream.id"), startOnly.describe());
      assertEquals("closed", startOnly.stringAttr("voice.session.end_reason"),
          "a Twilio stream closed without stop ends as closed: " + startOnly.describe());

      ReceivedSpan garbageSession = sessions.stream()
          .filter(s -> !START_ONLY_CALL.equals(s.stringAttr("voice.call.id"))
              && !call.callSid().equals(s.stringAttr("voice.call.id")))
          .findFirst().orElseThrow();
      assertTrue(Set.of("closed", "stop").contains(garbageSession.stringAttr("voice.session.end_reason")),
          "the garbage connection's session ends as closed (or stop): " + garbageSession.describe());
      assertEquals(0L, garbageSession.longAttr("voice.session.turns"), "no turn without any speech: "
          + garbageSession.describe());
    }
  }
}
