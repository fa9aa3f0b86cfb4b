package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicetrace.smoke.apps.QueueHandoffApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A consumer thread that belongs to no call works, for each element it takes from a blocking
 * queue, in the session of the call that queued it; a sentinel queued by two calls carries neither.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class QueueHandoffSmokeTest {
  private static final String SERVICE = "smoke-queue-handoffs";
  private static final String APP = QueueHandoffApp.class.getName();

  @Test
  void consumersWorkInTheProducersSession(SmokeEnv env) {
    ForkedJvm.Builder app = ForkedJvm.builder("queue-handoff-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[handleCall,handleFlush]")
        .mainClass(Artifacts.testClassesDir().toString(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("QUEUES_DONE"), Duration.ofSeconds(1));
    }
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "5 sessions and 5 TTS spans",
        spans -> new TraceView(spans).sessions().size() >= 5
            && spans.stream().filter(VoiceSpans::isTts).count() >= 5,
        Duration.ofSeconds(15)));

    List<ReceivedSpan> sessions = view.sessions(); // start order: a, b, c, flush by a, flush by b
    assertEquals(5, sessions.size(), view.render());
    assertInSession(view, env, "CA-queue-a", sessions.get(0));
    assertInSession(view, env, "CA-queue-b", sessions.get(1));
    assertInSession(view, env, "CA-deque-c", sessions.get(2));
    assertInSession(view, env, "CA-flush-1", sessions.get(3));
    ReceivedSpan shared = tts(view, env, "CA-flush-2");
    assertNull(view.sessionAbove(shared), "a sentinel queued by two calls must carry neither\n" + view.render());
    assertNull(shared.stringAttr("session.id"), shared.describe());
  }

  private static void assertInSession(TraceView view, SmokeEnv env, String callSid, ReceivedSpan expected) {
    ReceivedSpan tts = tts(view, env, callSid);
    ReceivedSpan session = view.sessionAbove(tts);
    assertNotNull(session, callSid + ": TTS span outside any session\n" + view.render());
    assertEquals(expected.spanId(), session.spanId(), callSid + ": TTS span in another call's session\n"
        + view.render());
  }

  private static ReceivedSpan tts(TraceView view, SmokeEnv env, String callSid) {
    return view.ttsInTrace(env.providers().requestsOf(callSid).get(0).traceId());
  }
}
