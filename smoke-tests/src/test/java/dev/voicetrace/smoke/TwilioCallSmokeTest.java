package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.FixtureFacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** One Twilio call on the annotated (@ServerEndpoint) endpoint, checked end to end. */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class TwilioCallSmokeTest {

  private static final String SERVICE = "smoke-twilio-annotated";
  private static final int UTTERANCES = 3;
  private static final long TTFB_MS = 150;

  @Test
  void twilioCallOnAnnotatedEndpointBecomesOneCompleteTrace(SmokeEnv env) {
    // every provider response waits TTFB_MS between its headers and its first body byte
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    try (VoiceBot bot = env.plainBot(SERVICE).endpoint("annotated")
        // lets upstream's HTTP span record what the fake ElevenLabs server answered, to cross-check the TTS span
        .systemProperty("otel.instrumentation.http.client.capture-response-headers", "request-id,x-character-count")
        .start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(UTTERANCES).run().assertSucceeded(1).onlyCall();
      assertEquals(UTTERANCES, call.replies(), "replies the caller heard");

      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(), requests.size(),
          Duration.ofSeconds(20));
      CallTreeAssertions t = CallTreeAssertions.forCall(view, call.callSid());

      t.assertSession("twilio", call.callSid(), UTTERANCES, "stop")
          .assertStreamIdPresent()
          .assertTreeShape(UTTERANCES)
          .assertEachTurnHasSttChatTts()
          .assertOneStageSpanPerRequest(requests)
          .assertSttSpans(env.providers().port())
          .assertChatSpans(env.providers().port(), TTFB_MS / 1000.0)
          .assertTtsSpans(env.providers().port(), requests, call.audioBytes(),
              TTFB_MS / 1000.0, TTFB_MS / 1000.0 + 2.0)
          .assertTtsSpansMatchCapturedResponseHeaders()
          .assertHttpSpansNestedUnderStages(requests)
          .assertNoUpstreamOpenAiSpans()
          .assertDistroResource();

      // privacy: no keys, no transcript / reply / TTS text, in any span the bot's JVM exported
      CallTreeAssertions.assertNothingContains(env.receiver().spansOf(SERVICE), FixtureFacts.forbiddenInTelemetry());
      CallTreeAssertions.assertNoMetricContains(env.receiver().metrics().stream()
          .filter(m -> m.serviceName().equals(SERVICE)).toList(), FixtureFacts.forbiddenInTelemetry());

      // the agent's one start-up line names voicetrace and the upstream version
      bot.jvm().awaitLine(Pattern.compile("(?i)voicetrace .*2\\.31\\.1"), Duration.ofSeconds(1));
      long turnsCompleted = t.turns().stream()
          .filter(turn -> Boolean.FALSE.equals(turn.boolAttr("voice.turn.interrupted")))
          .count();
      assertEquals(UTTERANCES, turnsCompleted, "no turn of a call without barge-in is interrupted" + t.where());
    }
  }
}
