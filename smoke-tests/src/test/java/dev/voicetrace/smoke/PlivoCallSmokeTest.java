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

/** A Plivo media stream: named by its callId, and ended by the socket closing (Plivo never sends stop). */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class PlivoCallSmokeTest {

  private static final String SERVICE = "smoke-plivo";
  private static final int UTTERANCES = 2;

  @Test
  void plivoCallIsNamedByCallIdAndEndsWhenTheSocketCloses(SmokeEnv env) {
    try (VoiceBot bot = env.plainBot(SERVICE).endpoint("annotated").start()) {
      CallSimulator.Call call = CallSimulator.against(bot).protocol("plivo").hangup("close")
          .utterances(UTTERANCES).run().assertSucceeded(1).onlyCall();

      List<RecordedRequest> requests = env.providers().requestsOf(call.callSid());
      TraceView view = VoiceSpans.awaitCallTrace(env.receiver(), SERVICE, call.callSid(), requests.size(),
          Duration.ofSeconds(20));

      CallTreeAssertions.forCall(view, call.callSid())
          .assertSession("plivo", call.callSid(), UTTERANCES, "closed")
          .assertStreamIdPresent()
          .assertTreeShape(UTTERANCES)
          .assertEachTurnHasSttChatTts()
          .assertOneStageSpanPerRequest(requests)
          .assertTtsSpans(env.providers().port(), requests, call.audioBytes(), 0.0, 5.0);
    }
  }
}
