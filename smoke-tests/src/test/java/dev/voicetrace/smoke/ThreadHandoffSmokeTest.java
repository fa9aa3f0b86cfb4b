package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.ThreadHandoffApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.Jdks;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The hand-off matrix, on JDK 17 and on a JDK with virtual threads: the call's session travels into
 * a new {@code Thread}, a {@code Thread} subclass, one-shot and fixed-rate {@code Timer} tasks, a
 * {@code CompletableFuture} stage completed by a thread serving another call, and (21+) virtual
 * threads; a pool worker, an OkHttp dispatcher thread and a JDK HttpClient selector thread created
 * lazily during one call do not carry that call into later work from outside any call.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ThreadHandoffSmokeTest {
  private static final String SERVICE = "smoke-thread-handoffs";
  private static final String APP = ThreadHandoffApp.class.getName();

  static List<Path> jdks() {
    return Jdks.matrix();
  }

  @ParameterizedTest
  @MethodSource("jdks")
  void sessionsFollowThreadsTimersFuturesAndVirtualThreadsButNotLazilyCreatedPoolWorkers(Path jdk, SmokeEnv env) {
    boolean virtualThreads = Jdks.feature(jdk) >= 21;
    String service = SERVICE + "-jdk" + Jdks.feature(jdk);
    String methods = "handleNewThread,handleThreadSubclass,handleTimer,handleFixedRateTimer,handleFixedDelayTimer,"
        + "handleCompletedElsewhere,handleCompleter,handlePlatformBuilder,handleVirtualThread,handleStartVirtualThread,"
        + "handlePoolOwner";
    ForkedJvm.Builder app = ForkedJvm.builder("thread-handoff-app-" + Jdks.feature(jdk))
        .javaHome(jdk)
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
        .systemProperty("otel.instrumentation.voicetrace.session.methods",
            APP + "[" + methods + "]")
        .mainClass(Artifacts.testClassesDir() + java.io.File.pathSeparator + Artifacts.sampleBotJar(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("VIRTUAL_THREADS=" + virtualThreads), Duration.ofSeconds(1));
      jvm.awaitLine(Pattern.compile("HANDOFFS_DONE"), Duration.ofSeconds(1));
    }

    List<String> calls = new ArrayList<>(List.of("CA-new-thread", "CA-thread-subclass", "CA-timer",
        "CA-timer-fixed-rate", "CA-timer-fixed-delay", "CA-completed-elsewhere", "CA-completer"));
    if (virtualThreads) {
      calls.addAll(List.of("CA-platform-builder", "CA-virtual-builder", "CA-virtual-start"));
    }
    // one TTS per call, two each for the repeating timers, three outside any session
    long expectedTts = calls.size() + 5;
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        calls.size() + " sessions and " + expectedTts + " TTS spans",
        spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= calls.size() + 1
              && spans.stream().filter(VoiceSpans::isTts).count() >= expectedTts;
        }, Duration.ofSeconds(20)));

    for (String repeating : List.of("CA-timer-fixed-rate", "CA-timer-fixed-delay")) {
      assertEquals(2, env.providers().requestsOf(repeating).size(), repeating + " runs");
      for (RecordedRequest request : env.providers().requestsOf(repeating)) {
        assertNotNull(view.sessionAbove(view.ttsInTrace(request.traceId())),
            repeating + ": a repeated run outside the session\n" + view.render());
      }
    }
    assertNotEquals(env.providers().requestsOf("CA-completer").get(0).traceId(),
        env.providers().requestsOf("CA-completed-elsewhere").get(0).traceId(),
        "a stage registered in one call ran in the call of the thread that completed its future\n" + view.render());

    for (String callSid : calls) {
      RecordedRequest request = env.providers().requestsOf(callSid).get(0);
      ReceivedSpan tts = view.ttsInTrace(request.traceId());
      ReceivedSpan session = view.sessionAbove(tts);
      assertNotNull(session, callSid + " (JDK " + Jdks.feature(jdk) + "): the TTS span is not inside a session\n"
          + view.render());
      assertEquals("method", session.stringAttr("voice.session.source"), session.describe());
      assertEquals(session.stringAttr("session.id"), tts.stringAttr("session.id"), tts.describe());
    }

    for (String outsideAnyCall : List.of("CA-outside", "CA-outside-okhttp-callback", "CA-outside-jdk-callback")) {
      assertEquals(1, env.providers().requestsOf(outsideAnyCall).size(), outsideAnyCall);
      RecordedRequest outside = env.providers().requestsOf(outsideAnyCall).get(0);
      ReceivedSpan stray = view.ttsInTrace(outside.traceId());
      assertNull(view.sessionAbove(stray), outsideAnyCall + ": work from outside any call ran on a library thread"
          + " (pool worker, OkHttp dispatcher, HttpClient selector) created during another call and was attributed"
          + " to it\n" + view.render());
      assertNull(stray.stringAttr("session.id"), stray.describe());
      assertTrue(stray.isRoot(), "a stage outside any call stands alone: " + stray.describe());
    }
  }

}
