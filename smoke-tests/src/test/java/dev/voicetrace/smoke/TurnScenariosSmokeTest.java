package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
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
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The turn scenario table: each row is a bot behaviour and a caller script, and the exact turns
 * voicetrace must infer from what the bot does — how many, who started each, how each ended, how
 * many TTS requests and tool calls each holds — and, for every turn the caller started whose reply
 * the caller heard from its start, {@code voice.turn.user_to_bot_latency} within ±50 ms of the
 * simulator's ground truth (end of the caller's last voiced frame → first reply audio frame it
 * received).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class TurnScenariosSmokeTest {
  private static final double LATENCY_TOLERANCE_S = 0.050;

  /**
   * One expected turn: started by the caller or the bot, its end, its TTS requests and tool calls, and
   * the caller utterance (1-based) whose ground-truth latency it must match (0: none to compare, e.g.
   * the caller talked over the reply).
   */
  record ExpectedTurn(boolean byCaller, String endReason, int ttsRequests, int toolCalls, int utterance) {
    static ExpectedTurn caller(String endReason, int tts, int utterance) {
      return new ExpectedTurn(true, endReason, tts, 0, utterance);
    }

    static ExpectedTurn bot(String endReason, int tts) {
      return new ExpectedTurn(false, endReason, tts, 0, 0);
    }

    ExpectedTurn withTools(int n) {
      return new ExpectedTurn(byCaller, endReason, ttsRequests, n, utterance);
    }
  }

  /** A row: the bot's behaviour (system properties, arguments), the fake providers' pace, the caller, the turns. */
  record Scenario(String name, Map<String, String> botProperties, List<String> botArgs, String providerPace,
      UnaryOperator<CallSimulator> caller, List<ExpectedTurn> turns) {
    @Override
    public String toString() {
      return name;
    }
  }

  private static final String BRISK = "{\"ttfbMs\":60,\"chunkMs\":10}";
  /** A slow model and STT: the bot has not started answering 1.5 s after the caller's first words. */
  private static final String SLOW = "{\"ttfbMs\":1500,\"chunkMs\":10}";

  static Stream<Scenario> scenarios() {
    return Stream.of(
        new Scenario("two plain turns", Map.of(), List.of(), BRISK,
            c -> c.utterances(2),
            List.of(ExpectedTurn.caller("completed", 1, 1), ExpectedTurn.caller("completed", 1, 2))),
        new Scenario("greeting before the caller speaks",
            Map.of("sample.bot.greeting", "Thanks for calling Acme. How can I help?"), List.of(), BRISK,
            c -> c.awaitGreeting().utterances(1),
            List.of(ExpectedTurn.bot("completed", 1), ExpectedTurn.caller("completed", 1, 1))),
        new Scenario("filler phrase before a slow tool call",
            Map.of("sample.bot.tools", "true", "sample.bot.filler", "One moment while I look that up."), List.of(), BRISK,
            c -> c.utterances(2),
            List.of(ExpectedTurn.caller("completed", 1, 1), ExpectedTurn.caller("completed", 2, 2).withTools(1))),
        new Scenario("sentence-by-sentence replies on hand-rolled threads", Map.of(), List.of("--hops", "threads"), BRISK,
            c -> c.utterances(2),
            List.of(ExpectedTurn.caller("completed", 2, 1), ExpectedTurn.caller("completed", 2, 2))),
        new Scenario("reprompt after silence", Map.of("sample.bot.reprompt-ms", "2500"), List.of("--hops", "threads"), BRISK,
            c -> c.utterances(1).silenceAfter(6500),
            List.of(ExpectedTurn.caller("completed", 2, 1), ExpectedTurn.bot("completed", 1))),
        new Scenario("one utterance split across two STT results", Map.of(), List.of(), SLOW,
            c -> c.utterances(2).talkOverEarly(440),
            List.of(ExpectedTurn.caller("completed", 2, 2))),
        // a first turn warms the bot up (its first provider calls are slow), so that the second reply's TTS has
        // started when the caller resumes talking but none of its audio has reached the caller
        new Scenario("barge-in before playback", Map.of(), List.of(), BRISK,
            c -> c.utterances(3).talkOverEarly(440),
            List.of(ExpectedTurn.caller("completed", 1, 1), ExpectedTurn.caller("interrupted", 1, 0),
                ExpectedTurn.caller("completed", 1, 0))),
        new Scenario("barge-in during playback", Map.of(), List.of(), BRISK,
            c -> c.utterances(2).bargeIn(),
            List.of(ExpectedTurn.caller("interrupted", 1, 1), ExpectedTurn.caller("completed", 1, 0))));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("scenarios")
  void turnsFollowWhatTheBotDid(Scenario scenario, SmokeEnv env) {
    String service = "smoke-turns-" + scenario.name().replaceAll("[^a-z]+", "-");
    env.providers().control(scenario.providerPace());
    VoiceBot.Builder builder = env.plainBot(service);
    scenario.botProperties().forEach(builder::systemProperty);
    scenario.botArgs().forEach(builder::arg);
    try (VoiceBot bot = builder.start()) {
      CallSimulator.Call call = scenario.caller().apply(CallSimulator.against(bot).protocol("twilio").hangup("stop"))
          .timeoutSeconds(60).run().assertSucceeded(1).onlyCall();
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), service, call.callSid(),
          env.providers().requestsOf(call.callSid()).size(), Duration.ofSeconds(20));
      ReceivedSpan session = view.sessionOf(call.callSid()).orElseThrow();
      String tree = "\n" + view.renderTrace(session.traceId());
      List<ReceivedSpan> turns = view.children(session, TraceView.TURN);
      List<ExpectedTurn> expected = scenario.turns();
      assertEquals(expected.size(), turns.size(), scenario + ": turns" + tree);

      for (int i = 0; i < turns.size(); i++) {
        ReceivedSpan turn = turns.get(i);
        ExpectedTurn want = expected.get(i);
        String where = scenario + ", turn " + (i + 1) + ": " + turn.describe() + tree;
        assertEquals((long) i + 1, turn.longAttr("voice.turn.number"), where);
        assertEquals(want.endReason(), turn.stringAttr("voice.turn.end_reason"), where);
        assertEquals(want.endReason().equals("interrupted"), turn.attributes().get("voice.turn.interrupted"), where);
        List<ReceivedSpan> children = view.children(turn);
        assertEquals(want.ttsRequests(), children.stream().filter(VoiceSpans::isTts).count(), "TTS requests of " + where);
        assertEquals(want.toolCalls(), children.stream().filter(s -> s.name().startsWith("execute_tool")).count(),
            "tool calls of " + where);
        if (i > 0) {
          assertTrue(turn.startEpochNanos() >= turns.get(i - 1).endEpochNanos(), "turns overlap: " + where);
        }
        if (!want.byCaller()) {
          assertNull(turn.stringAttr("voice.turn.latency_basis"), "a turn the bot started has no user latency: " + where);
          assertNull(turn.doubleAttr("voice.turn.user_to_bot_latency"), where);
          continue;
        }
        assertEquals("inbound_audio", turn.stringAttr("voice.turn.latency_basis"), where);
        if (want.utterance() > 0) {
          double truth = call.userToBotSeconds(want.utterance());
          assertTrue(!Double.isNaN(truth), "the simulator has no ground truth for utterance " + want.utterance() + ": " + where);
          Double latency = turn.doubleAttr("voice.turn.user_to_bot_latency");
          assertNotNull(latency, "user_to_bot_latency missing: " + where);
          System.out.printf("USER_TO_BOT %s turn %d: voicetrace %.3f s, simulator %.3f s, difference %+.1f ms%n",
              scenario, i + 1, latency, truth, (latency - truth) * 1000);
          assertTrue(Math.abs(latency - truth) <= LATENCY_TOLERANCE_S, "user_to_bot_latency " + latency
              + " s, the simulator measured " + truth + " s (±" + LATENCY_TOLERANCE_S + " s): " + where);
        }
      }
    }
  }
}
