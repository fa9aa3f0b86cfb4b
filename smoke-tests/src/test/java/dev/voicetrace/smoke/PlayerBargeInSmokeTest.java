package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.PlayerBargeInApp;
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
 * A barge-in made from another thread while the bot plays a TTS stream on its player task ({@link
 * PlayerBargeInApp}) — by interrupting the player ({@code future.cancel(true)} on its task) or by aborting the
 * request (Apache's {@code cancel()}/{@code abort()}, {@code HttpURLConnection.disconnect()}) — is a cancel, not a
 * failure, on every blocking client: the stage span is {@code voice.cancelled}, not ERROR; after an interrupt its
 * audio bytes are the bytes the player read and it ends within 10 ms of the player's stop; after an abort it ends
 * within 10 ms of the abort, with the bytes played until then (a player can still get a few buffered bytes after
 * {@code disconnect()}). The fake server sends the audio in 500-byte chunks 20 ms apart.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class PlayerBargeInSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT case=(\\S+) bytes=(\\d+) bargedInAtMicros=(\\d+) stoppedAtMicros=(\\d+)");
  private static final long END_SLACK_MICROS = 10_000;

  @Test
  void aPlayerStoppedFromAnotherThreadIsACancelNotAFailure(SmokeEnv env) {
    env.providers().control("{\"chunkBytes\":500,\"chunkMs\":20}");
    String service = "smoke-player-barge-in";
    String app = PlayerBargeInApp.class.getName();
    String cp = ClientScenarioChecks.classPath(Stream.of(ClientScenarioChecks.APACHE_HTTPCLIENT5,
            ClientScenarioChecks.APACHE_HTTPCLIENT4).flatMap(Stream::of).toArray(String[]::new))
        + File.pathSeparator + Artifacts.sampleBotJar();
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
    int n = PlayerBargeInApp.CASES.length;
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
        long played = Long.parseLong(result.group(2));
        long endMicros = stage.endEpochNanos() / 1000;
        if (result.group(1).endsWith("-abort") || result.group(1).endsWith("-disconnect")) {
          // the span ends at the abort (HttpURLConnection's disconnect) or at the read it fails: bytes the player
          // still got from the client's buffers after the abort are not the call's
          long counted = stage.longAttr("voice.tts.audio_bytes");
          assertTrue(counted >= PlayerBargeInApp.PLAYED_BEFORE_BARGE_IN && counted <= played,
              "audio bytes between the bytes played before the abort and all the player read (" + played + ")\n"
                  + where);
          long abortedMicros = Long.parseLong(result.group(3));
          assertTrue(endMicros >= abortedMicros - 1000 && endMicros - abortedMicros <= END_SLACK_MICROS,
              "the span ends within 10 ms of the abort: " + (endMicros - abortedMicros) + " µs after it\n" + where);
        } else {
          assertEquals(played, stage.longAttr("voice.tts.audio_bytes"), "audio bytes == the bytes the player read\n"
              + where);
          long stoppedMicros = Long.parseLong(result.group(4));
          assertTrue(Math.abs(endMicros - stoppedMicros) <= END_SLACK_MICROS,
              "the span ends within 10 ms of the player's stop (its interrupted read, or the close after the read"
                  + " that saw the interrupt): " + (endMicros - stoppedMicros) + " µs after it\n" + where);
        }
      });
    }
    assertAll(checks);
  }
}
