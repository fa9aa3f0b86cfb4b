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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** The same call on the programmatic endpoint (a jakarta.websocket.Endpoint subclass) gives the same tree. */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class ProgrammaticEndpointSmokeTest {

  private static final String SERVICE = "smoke-programmatic";
  private static final int UTTERANCES = 2;

  @Test
  void twilioCallOnProgrammaticEndpointGivesTheSameTree(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).endpoint("programmatic").start()) {
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
          .assertHttpSpansNestedUnderStages(requests);
    }
  }
}
