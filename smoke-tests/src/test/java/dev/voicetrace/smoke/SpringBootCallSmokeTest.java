package dev.voicetrace.smoke;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Spring Boot fat jar (nested-jar class loaders) gives the same call tree as the plain bot. */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class SpringBootCallSmokeTest {

  private static final String SERVICE = "smoke-spring-boot";
  private static final int UTTERANCES = 2;

  @Test
  void twilioCallOnSpringBootFatJarBecomesOneCompleteTrace(SmokeEnv env) {
    try (VoiceBot bot = env.springBot(SERVICE).start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(UTTERANCES).run().assertSucceeded(1).onlyCall();

      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(), requests.size(),
          Duration.ofSeconds(20));

      CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("twilio", call.callSid(), UTTERANCES, "stop")
          .assertTreeShape(UTTERANCES)
          .assertEachTurnHasSttChatTts()
          .assertOneStageSpanPerRequest(requests)
          .assertChatSpans(env.providers().port(), 0.0)
          .assertTtsSpans(env.providers().port(), requests, call.audioBytes(), 0.0, 5.0)
          .assertHttpSpansNestedUnderStages(requests)
          .assertNoUpstreamOpenAiSpans();
      CallTreeAssertions.assertNothingContains(env.receiver().spansOf(SERVICE), FixtureFacts.forbiddenInTelemetry());
    }
  }
}
