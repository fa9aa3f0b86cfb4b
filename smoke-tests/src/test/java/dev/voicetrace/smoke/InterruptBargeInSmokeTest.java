package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.InterruptBargeInApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A barge-in made by interrupting the thread that plays the TTS stream ({@code future.cancel(true)} on the
 * player task; {@link InterruptBargeInApp}) is a cancel, not a failure, on every blocking client: the stage
 * span is {@code voice.cancelled}, not ERROR, its audio bytes are the bytes the player read, and it ends within
 * 10 ms of the player's stop. The fake server sends the audio in 500-byte chunks 20 ms apart.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class InterruptBargeInSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT case=(\\S+) bytes=(\\d+) stoppedAtMicros=(\\d+)");
  private static final long END_SLACK_MICROS = 10_000;

  @Test
  void anInterruptedPlayerIsACancelNotAFailure(SmokeEnv env) {
    env.providers().control("{\"chunkBytes\":500,\"chunkMs\":20}");
    String service = "smoke-interrupt-barge-in";
    String app = InterruptBargeInApp.class.getName();
    String cp = ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5) + File.pathSeparator
        + Artifacts.sampleBotJar();
    ForkedJvm.Builder withAgent = ForkedJvm.builder(service + "-agent")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", app + "[play]")
        .mainClass(cp, app)
        .args(env.providers().baseUrl());
    List<Matcher> seen;
    try (ForkedJvm agentJvm = withAgent.start()) {
      assertEquals(0, agentJvm.awaitExit(Duration.ofSeconds(60)), "app with agent\n" + agentJvm.tail());
      agentJvm.awaitLine(Pattern.compile("APP_DONE"), Duration.ofSeconds(1));
      seen = agentJvm.findLines(RESULT);
    }
    int n = InterruptBargeInApp.CASES.length;
    assertEquals(n, seen.size(), "one result per client");
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " TTS stages",
        spans -> spans.stream().filter(VoiceSpans::isTts).count() >= n, Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), "one session per call\n" + view.render());
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Matcher result = seen.get(i);
      ReceivedSpan session = sessions.get(i);
      checks.add(() -> {
        String where = result.group(1) + "\n" + view.renderTrace(session.traceId());
        List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
        assertEquals(1, stages.size(), "one stage span\n" + where);
        ReceivedSpan stage = stages.get(0);
        assertNotEquals("ERROR", stage.statusCode(), "a barge-in is not a failure\n" + where);
        assertEquals(Boolean.TRUE, stage.boolAttr("voice.cancelled"), "the player stopped early: cancelled\n" + where);
        assertEquals(Long.parseLong(result.group(2)), stage.longAttr("voice.tts.audio_bytes"),
            "audio bytes == the bytes the player read\n" + where);
        long endMicros = stage.endEpochNanos() / 1000;
        long stoppedMicros = Long.parseLong(result.group(3));
        assertTrue(Math.abs(endMicros - stoppedMicros) <= END_SLACK_MICROS,
            "the span ends within 10 ms of the player's stop (its interrupted read, or the close after the read"
                + " that saw the interrupt): " + (endMicros - stoppedMicros) + " µs after it\n" + where);
      });
    }
    assertAll(checks);
  }
}
