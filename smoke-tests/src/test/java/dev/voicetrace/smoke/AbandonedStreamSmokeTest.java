package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.AbandonedStreamApp;
import dev.voicetrace.smoke.apps.ClientScenarios;
import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.function.Executable;

/**
 * A TTS body neither consumed nor closed (issue 3: it "ends at the abandon timeout"): in each call of
 * {@link AbandonedStreamApp} the bot reads the first 1,000 bytes, then leaves the stream alone while the call goes
 * on well past the abandon timeout, here 1 s ({@code otel.instrumentation.voicetrace.stream.abandon-timeout}). Over
 * the JDK {@code HttpClient} ({@code ofInputStream()}), OkHttp, Apache HttpClient 5 and 4.5 classic,
 * {@code HttpURLConnection} and Reactor Netty (its content as a blocking stream, one chunk asked for at a time), each
 * call's stage span must end {@code voice.abandoned} (not ERROR, not cancelled) one timeout after the last byte moved
 * (the app's last read, or a later arrival into the client's buffer), long before the call ends, with the bytes the
 * app read as its audio bytes (on Reactor Netty the chunks handed over); the app sees the same with and without the
 * agent. Apache HttpClient 5 async is not in it: its consumer takes the whole body as it comes, which ends the span
 * at the body's end whatever the app does with what it queued.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class AbandonedStreamSmokeTest {
  private static final String[] CLIENTS = {"jdk", "okhttp", "apache", "apache4", "urlconnection", "reactornetty"};
  private static final long ABANDON_TIMEOUT_MS = 1_000;
  /** How long each call goes on after its last read: the span must have ended long before. */
  private static final long IDLE_MS = 2_500;
  /**
   * How far after one timeout past the app's last read the span may end: later arrivals into the client's buffer
   * (the fake sends the whole body at once) and the timer thread's wake-up.
   */
  private static final long LATE_SLACK_MS = 500;
  /** The app's clock and the span's are read apart. */
  private static final long EARLY_SLACK_MS = 5;
  private static final Pattern RESULT =
      Pattern.compile("RESULT client=(\\w+) status=(\\d+) bytes=(\\d+) lastReadMicros=(\\d+)");

  @Test
  void aStreamNeitherReadNorClosedEndsOneAbandonTimeoutAfterItsLastByte(SmokeEnv env) {
    env.providers().control("{\"ttfbMs\":0}");
    String service = "smoke-abandoned-stream";
    String app = AbandonedStreamApp.class.getName();
    List<String> args = new ArrayList<>(List.of(env.providers().baseUrl(), String.valueOf(IDLE_MS)));
    args.addAll(List.of(CLIENTS));
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, ProviderFaultsSmokeTest.appClassPath(), app)
        .args(args.toArray(String[]::new))
        .sessionMethods(app + "[call]")
        .jvmProperties(Map.of("otel.instrumentation.voicetrace.stream.abandon-timeout", ABANDON_TIMEOUT_MS + "ms"))
        .run(env);
    Map<String, long[]> with = results(runs.withAgent());
    Map<String, long[]> without = results(runs.plain());
    assertEquals(List.of(CLIENTS), List.copyOf(with.keySet()), "calls with the agent");
    for (String client : CLIENTS) {
      assertEquals(200, without.get(client)[0], client);
      assertEquals(AbandonedStreamApp.READ_BYTES, without.get(client)[1], client);
      assertEquals(without.get(client)[0] + " " + without.get(client)[1], with.get(client)[0] + " " + with.get(client)[1],
          client + ": status and bytes read with and without the agent");
    }

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        CLIENTS.length + " sessions with a stage span each", spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= CLIENTS.length
              && spans.stream().filter(VoiceSpans::isStage).count() >= CLIENTS.length;
        }, Duration.ofSeconds(30)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(CLIENTS.length, sessions.size(), view.render());
    List<Executable> checks = new ArrayList<>();
    for (int i = 0; i < CLIENTS.length; i++) {
      String client = CLIENTS[i];
      ReceivedSpan session = sessions.get(i);
      long lastReadMicros = with.get(client)[2];
      checks.add(() -> {
        List<ReceivedSpan> stages = view.descendants(session).stream().filter(VoiceSpans::isStage).toList();
        assertEquals(1, stages.size(), client + ": one stage span\n" + view.renderTrace(session.traceId()));
        ReceivedSpan s = stages.get(0);
        String where = client + ": " + s.describe() + "\n" + view.renderTrace(s.traceId());
        assertEquals("text_to_speech " + ClientScenarios.TTS_MODEL, s.name(), where);
        assertEquals(Boolean.TRUE, s.boolAttr("voice.abandoned"), "neither consumed nor closed\n" + where);
        assertNotEquals(Boolean.TRUE, s.boolAttr("voice.cancelled"), "nothing was closed or cancelled\n" + where);
        assertNotEquals("ERROR", s.statusCode(), "a leak of the app's is no provider failure\n" + where);
        Long audio = s.longAttr("voice.tts.audio_bytes");
        if (client.equals("reactornetty")) {
          // Reactor Netty pushes whole chunks: the span counts the chunks handed to the app's stream (README), which
          // asks for one at a time, so the count stops with the app's reads, inside the body
          assertTrue(audio != null && audio >= AbandonedStreamApp.READ_BYTES && audio < ProviderFaultsSmokeTest.TTS_BYTES,
              "the chunks handed over before the app stopped\n" + where);
        } else {
          assertEquals((long) AbandonedStreamApp.READ_BYTES, audio, "audio bytes == the bytes the app read\n" + where);
        }
        long afterLastReadMs = (s.endEpochNanos() / 1000 - lastReadMicros) / 1000;
        assertTrue(afterLastReadMs >= ABANDON_TIMEOUT_MS - EARLY_SLACK_MS
                && afterLastReadMs <= ABANDON_TIMEOUT_MS + LATE_SLACK_MS,
            "the span ends one abandon timeout (" + ABANDON_TIMEOUT_MS + " ms) after the last byte moved, not at the "
                + "call's end: " + afterLastReadMs + " ms after the app's last read\n" + where);
        assertTrue(s.endEpochNanos() < session.endEpochNanos(), "before the call ended\n" + where);
      });
    }
    assertAll(checks);
  }

  /** client -> {status, bytes, lastReadMicros}, in the order printed. */
  private static Map<String, long[]> results(ForkedJvm jvm) {
    Map<String, long[]> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3)),
          Long.parseLong(m.group(4))});
    }
    return out;
  }
}
