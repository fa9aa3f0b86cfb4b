package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Barge-in: the caller talks while the bot's first reply is still playing (its mark never comes
 * back); the bot sends {@code clear}. Turn 1 ends interrupted at that moment with a
 * {@code voice.interruption} event; turn 2 ends completed once its mark is echoed.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class BargeInSmokeTest {
  private static final String SERVICE = "smoke-barge-in";

  @Test
  void talkingOverThePlayingReplyInterruptsTheTurn(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(2).bargeIn().run().assertSucceeded(1).onlyCall();
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(),
          env.providers().requestsOf(call.callSid()).size(), Duration.ofSeconds(20));
      ReceivedSpan session = view.sessionOf(call.callSid()).orElseThrow();
      List<ReceivedSpan> turns = view.children(session, TraceView.TURN);
      assertEquals(2, turns.size(), view.renderTrace(session.traceId()));

      ReceivedSpan first = turns.get(0);
      assertEquals("interrupted", first.stringAttr("voice.turn.end_reason"), first.describe());
      assertEquals(Boolean.TRUE, first.attributes().get("voice.turn.interrupted"), first.describe());
      List<ReceivedSpan.Event> interruptions = first.events().stream()
          .filter(e -> e.name().equals("voice.interruption")).toList();
      assertEquals(1, interruptions.size(), "one voice.interruption event: " + first.describe());
      assertEquals("clear", interruptions.get(0).attributes().get("voice.interruption.evidence"), first.describe());
      assertEquals(first.endEpochNanos(), interruptions.get(0).epochNanos(),
          "the turn ends at the barge-in: " + first.describe());
      ReceivedSpan firstTts = view.children(first).stream().filter(VoiceSpans::isTts).findFirst().orElseThrow();
      assertTrue(interruptions.get(0).epochNanos() > firstTts.endEpochNanos(),
          "barge-in during playback, after the TTS stream ended: " + view.renderTrace(session.traceId()));

      ReceivedSpan second = turns.get(1);
      assertEquals("completed", second.stringAttr("voice.turn.end_reason"), second.describe());
      assertEquals(Boolean.FALSE, second.attributes().get("voice.turn.interrupted"), second.describe());
      assertTrue(second.startEpochNanos() >= first.endEpochNanos(), view.renderTrace(session.traceId()));
    }
  }
}
