package dev.voicetrace.smoke;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.CallTreeAssertions;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceBot;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The same call on the programmatic endpoint (a jakarta.websocket.Endpoint subclass) gives the same
 * tree, whether its message handler is a class or a lambda (lambda classes are instrumented through
 * upstream's internal-lambda support, which the voice profile keeps).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class ProgrammaticEndpointSmokeTest {

  private static final String SERVICE = "smoke-programmatic";
  private static final int UTTERANCES = 2;

  @ParameterizedTest
  @ValueSource(strings = {"programmatic", "lambda"})
  void twilioCallOnProgrammaticEndpointGivesTheSameTree(String endpoint, SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE + "-" + endpoint).endpoint(endpoint).start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .utterances(UTTERANCES).run().assertSucceeded(1).onlyCall();

      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE + "-" + endpoint, call.callSid(), requests.size(),
          Duration.ofSeconds(20));

      CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("twilio", call.callSid(), UTTERANCES, "stop")
          .assertTreeShape(UTTERANCES)
          .assertEachTurnHasSttChatTts()
          .assertOneStageSpanPerRequest(requests)
          .assertHttpSpansNestedUnderStages(requests);
    }
  }
}
