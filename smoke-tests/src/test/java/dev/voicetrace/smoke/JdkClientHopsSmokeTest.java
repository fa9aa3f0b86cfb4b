package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.JdkClientHopsApp;
import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JDK {@code HttpClient} hands a response to the bot with the same thread hops with the agent as
 * without it. The client runs a body subscriber's {@code getBody()} on another thread unless it wrote
 * the subscriber itself; the agent's observing subscriber must not be taken for one of the bot's
 * (before the fix every response took one more executor task: ~60-75 µs more to the first audio byte
 * in {@code ./benchmarks/load-modes.sh}). Counted with the bot's own executor ({@link JdkClientHopsApp}).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class JdkClientHopsSmokeTest {
  private static final Pattern HOPS = Pattern.compile("HOPS (\\w+) (\\d+)");
  private static final Pattern HISTOGRAM = Pattern.compile("HISTOGRAM .*");
  private static final Pattern AUDIO_BYTES = Pattern.compile("AUDIO_BYTES (\\d+)");

  @Test
  void theResponseReachesTheBotWithTheSameExecutorTasksAsWithoutTheAgent(SmokeEnv env) {
    String service = "smoke-jdk-client-hops";
    String app = JdkClientHopsApp.class.getName();
    String cp = Artifacts.testClassesDir().toString();
    // one after the other: the counts depend on timing, which a JVM running alongside would change
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, cp, app)
        .args(env.providers().baseUrl())
        .sessionMethods(app + "[requests]")
        .oneAfterTheOther()
        .run(env);
    Map<String, Integer> hopsWithout = hops(runs.plain());
    Map<String, Integer> hopsWith = hops(runs.withAgent());
    String histograms = "without the agent: "
        + runs.plain().findLines(HISTOGRAM).stream().map(Matcher::group).toList() + "\nwith it: "
        + runs.withAgent().findLines(HISTOGRAM).stream().map(Matcher::group).toList();
    long audioBytes = Long.parseLong(runs.withAgent().awaitLine(AUDIO_BYTES, Duration.ofSeconds(1)).group(1));

    assertEquals(List.of(JdkClientHopsApp.HANDLERS), List.copyOf(hopsWithout.keySet()), "handlers without agent");
    assertEquals(List.copyOf(hopsWithout.keySet()), List.copyOf(hopsWith.keySet()), "handlers with agent");
    for (String handler : JdkClientHopsApp.HANDLERS) {
      // an added hop is one more task in every request (before the fix: 4 or 5, never 3)
      assertTrue(hopsWith.get(handler) <= hopsWithout.get(handler),
          handler + ": the fewest executor tasks before send() returns, with the agent " + hopsWith.get(handler)
              + ", without it " + hopsWithout.get(handler) + "\n" + histograms);
    }

    // and the agent did observe every one of those responses
    List<ReceivedSpan> stages = env.receiver().awaitServiceSpans(service, JdkClientHopsApp.REQUESTS + " TTS stages",
        spans -> spans.stream().filter(s -> s.name().startsWith("text_to_speech")).count() >= JdkClientHopsApp.REQUESTS,
        Duration.ofSeconds(30)).stream().filter(s -> s.name().startsWith("text_to_speech")).toList();
    assertEquals(JdkClientHopsApp.REQUESTS, stages.size(), "one text_to_speech span per request");
    // the requests run one after the other, handler by handler: the last handler's (ofLines, read as text) are
    // left out of the sum
    List<ReceivedSpan> byteStages = stages.stream().sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos))
        .limit(JdkClientHopsApp.REQUESTS / JdkClientHopsApp.HANDLERS.length * 2L).toList();
    assertEquals(audioBytes, byteStages.stream().mapToLong(s -> s.longAttr("voice.tts.audio_bytes")).sum(),
        "voice.tts.audio_bytes over the stages read as bytes = the bytes the app read");
    assertTrue(stages.stream().allMatch(s -> s.has("voice.ttfb")), "every stage has voice.ttfb");
  }

  private static Map<String, Integer> hops(ForkedJvm jvm) {
    Map<String, Integer> hops = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(HOPS)) {
      hops.put(m.group(1), Integer.parseInt(m.group(2)));
    }
    return hops;
  }
}
