package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.SpeechVendorsApp;
import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ReceivedMetric;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Each speech vendor's wire format (on the fake provider server) through the JDK {@code HttpClient},
 * read with the body handlers bots use, with the agent: the spans carry what {@link VendorExpectations}
 * reads from the vendor's bodies, and the STT durations add up in the {@code voice.stt.audio_duration}
 * metric. {@link VendorMatrixSmokeTest} sends the same requests over every client.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SpeechVendorsSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) status=(\\d+) audio=(\\d+) text=(.*)");

  @Test
  void everyVendorsSpanCarriesWhatItsBodiesSay(SmokeEnv env) {
    String service = "smoke-speech-vendors";
    String app = SpeechVendorsApp.class.getName();
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, Artifacts.testClassesDir().toString(), app)
        .args(env.providers().baseUrl())
        .sessionMethods(app + "[" + String.join(",", SpeechVendorsApp.SCENARIOS) + "]")
        .jvmProperties(Map.of("otel.instrumentation.voicetrace.capture-content", "true"))
        .run(env);
    Map<String, String[]> seen = new HashMap<>();
    for (Matcher m : runs.withAgent().findLines(RESULT)) {
      seen.put(m.group(1), new String[] {m.group(2), m.group(3), m.group(4)});
    }
    List<String> withAgent = runs.withAgent().findLines(RESULT).stream().map(Matcher::group).toList();
    List<String> withoutAgent = runs.plain().findLines(RESULT).stream().map(Matcher::group).toList();
    assertEquals(SpeechVendorsApp.SCENARIOS.length, withoutAgent.size(), String.join("\n", withoutAgent));
    assertEquals(withoutAgent, withAgent, "the app sees the same status, audio and text with and without the agent");
    int n = SpeechVendorsApp.SCENARIOS.length;
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " sessions with a stage each",
        spans -> new TraceView(spans).sessions().size() >= n && spans.stream().filter(VoiceSpans::isStage).count() >= n,
        Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), view.render());
    assertSttAudioMetric(env, service);

    for (int i = 0; i < n; i++) {
      String scenario = SpeechVendorsApp.SCENARIOS[i];
      String[] result = seen.get(scenario);
      assertNotNull(result, scenario + " printed no result");
      assertEquals("200", result[0], scenario);
      List<ReceivedSpan> stages = view.descendants(sessions.get(i)).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), scenario + "\n" + view.render());
      ReceivedSpan s = stages.get(0);
      String where = scenario + ": " + s.describe();
      VendorExpectations.check(scenario, s, where, Long.parseLong(result[1]), result[2]);
    }
  }

  /** The STT calls' durations add up in the voice.stt.audio_duration counter, per provider. */
  private static void assertSttAudioMetric(SmokeEnv env, String service) {
    Map<String, Double> expected = Map.of("azure.speech", 1.5, "gcp.speech", 2.0, "deepgram", 1.5);
    List<ReceivedMetric> metrics = env.receiver().awaitMetrics("voice.stt.audio_duration of 3 providers",
        ms -> ms.stream().filter(m -> m.name().equals("voice.stt.audio_duration") && m.serviceName().equals(service))
            .flatMap(m -> m.points().stream()).map(p -> p.attributes().get("gen_ai.provider.name"))
            .collect(java.util.stream.Collectors.toSet()).containsAll(expected.keySet()),
        Duration.ofSeconds(20));
    for (ReceivedMetric m : metrics) {
      if (!m.name().equals("voice.stt.audio_duration") || !m.serviceName().equals(service)) {
        continue;
      }
      for (ReceivedMetric.Point p : m.points()) {
        Double want = expected.get(String.valueOf(p.attributes().get("gen_ai.provider.name")));
        if (want != null) {
          assertEquals(want, p.value(), 1e-9, "voice.stt.audio_duration " + p.attributes());
        }
      }
    }
  }

}
