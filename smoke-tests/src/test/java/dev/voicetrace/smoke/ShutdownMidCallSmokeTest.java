package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** A bot stopped with SIGTERM in the middle of a call still exports that call, ended as "shutdown". */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class ShutdownMidCallSmokeTest {

  private static final String SERVICE = "smoke-sigterm";

  @Test
  void sigtermMidCallEndsTheSessionAsShutdownAndExportsIt(SmokeEnv env) {
    VoiceBot bot = env.plainBot(SERVICE).endpoint("annotated").start();
    try (bot; ForkedJvm simulator = CallSimulator.against(bot).protocol("twilio").hangup("stop")
        .utterances(40).timeoutSeconds(120).start()) {

      // the call is under way once a first stage span of it has been exported
      env.receiver().awaitServiceSpans(SERVICE, "a first text_to_speech span of the call",
          spans -> spans.stream().anyMatch(VoiceSpans::isTts), Duration.ofSeconds(60));
      List<RecordedRequest> requests = env.providers().requests();
      assertFalse(requests.isEmpty(), "the fake providers saw no request");
      String callSid = requests.get(0).callSid();
      assertNotNull(callSid, "provider request without x-call-sid: " + requests.get(0));
      assertTrue(simulator.isAlive(), "the simulated call ended before the bot was stopped\n" + simulator.tail());

      int exit = bot.stop(); // SIGTERM
      assertTrue(simulator.isAlive() || !simulator.output().contains("SIMULATION_DONE calls=1 ok=1"),
          "the call should have been cut short by the shutdown");

      TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE,
          "the voice.session of call " + callSid + " after SIGTERM",
          spans -> new TraceView(spans).sessionOf(callSid).isPresent(), Duration.ofSeconds(15)));
      CallTreeAssertions t = CallTreeAssertions.forCall(view, callSid);
      ReceivedSpan session = t.session();
      assertEquals("shutdown", session.stringAttr("voice.session.end_reason"),
          "end_reason after SIGTERM (bot exit code " + exit + ")" + t.where());

      // nothing of the trace is missing or unended
      assertEquals(List.of(session), view.roots(session.traceId()),
          "every span of the call must have its parent exported (no span left open at shutdown)" + t.where());
      for (ReceivedSpan s : t.trace()) {
        assertTrue(s.endEpochNanos() >= s.startEpochNanos() && s.startEpochNanos() > 0,
            "span without a proper end: " + s.describe() + t.where());
        assertTrue(s.endEpochNanos() <= session.endEpochNanos(), "span ends after the session: " + s.describe()
            + t.where());
      }

      // every turn, the open one included, ended and was exported
      Long turns = session.longAttr("voice.session.turns");
      assertTrue(turns != null && turns >= 1, "voice.session.turns " + turns + t.where());
      List<Long> numbers = t.turns().stream().map(turn -> turn.longAttr("voice.turn.number")).sorted().toList();
      assertEquals(LongStream.rangeClosed(1, turns).boxed().toList(), numbers,
          "turns exported after shutdown" + t.where());
      ReceivedSpan lastTurn = t.turns().stream()
          .filter(turn -> turns.equals(turn.longAttr("voice.turn.number"))).findFirst().orElseThrow();
      assertTrue(CallTreeAssertions.TURN_END_REASONS.contains(lastTurn.stringAttr("voice.turn.end_reason")),
          "end reason of the turn open at shutdown: " + lastTurn.describe() + t.where());
    }
  }
}
