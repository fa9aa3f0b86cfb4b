package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.ReceivedMetric;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.VoiceBot;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Failures forced inside voicetrace's own code paths (every inbound media-stream message, every
 * provider response's headers and every chunk of every response body) are swallowed: the caller hears
 * byte-identical audio to a run without the agent, and each failure is counted in the self-monitoring
 * metric {@code voicetrace.internal.errors} by site.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class InternalFailureSmokeTest {
  private static final String SERVICE = "smoke-internal-failures";

  @Test
  void failuresInsideVoicetraceAreSwallowedCountedAndNeverHeard(SmokeEnv env) {
    CallSimulator.Call without = oneCall(env.plainBot(SERVICE + "-none").withoutAgent());
    CallSimulator.Call failing = oneCall(env.plainBot(SERVICE).systemProperty(
        "otel.instrumentation.voicetrace.debug.inject-failure", "inbound_text,response_headers,response_body"));
    assertEquals(without.replies(), failing.replies(), "replies heard");
    assertEquals(without.audioBytes() + ":" + without.audioSha256(), failing.audioBytes() + ":" + failing.audioSha256(),
        "the caller heard the same audio with voicetrace failing inside as without the agent");

    List<ReceivedMetric> metrics = env.receiver().awaitMetrics("voicetrace.internal.errors by site", m -> {
      Map<String, Double> sites = sitesOf(m);
      return sites.keySet().containsAll(List.of("inbound text", "response headers"))
          && sites.keySet().stream().anyMatch(s -> s.startsWith("Observed"));
    }, Duration.ofSeconds(20));
    Map<String, Double> sites = sitesOf(metrics);
    assertTrue(sites.get("inbound text") >= 10, "every inbound message failed and was counted: " + sites);
    assertTrue(sites.get("response headers") >= 3, "STT, chat and TTS response headers: " + sites);
    double bodies = sites.entrySet().stream().filter(e -> e.getKey().startsWith("Observed"))
        .mapToDouble(Map.Entry::getValue).sum();
    assertTrue(bodies >= 3, "response body chunks (counted by the helper that swallowed them): " + sites);
  }

  private static CallSimulator.Call oneCall(VoiceBot.Builder builder) {
    try (VoiceBot bot = builder.start()) {
      return CallSimulator.against(bot).protocol("twilio").hangup("stop").utterances(2).timeoutSeconds(60).run()
          .assertSucceeded(1).onlyCall();
    }
  }

  /** The latest value of voicetrace.internal.errors per voicetrace.site from this test's service. */
  private static Map<String, Double> sitesOf(List<ReceivedMetric> metrics) {
    Map<String, Double> sites = new HashMap<>();
    for (ReceivedMetric metric : metrics) {
      if (!metric.name().equals("voicetrace.internal.errors")
          || !SERVICE.equals(metric.resourceAttributes().get("service.name"))) {
        continue;
      }
      for (ReceivedMetric.Point p : metric.points()) {
        Object site = p.attributes().get("voicetrace.site");
        if (site != null) {
          sites.merge(site.toString(), p.value(), Math::max);
        }
      }
    }
    return sites;
  }
}
