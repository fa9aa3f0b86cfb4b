package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.ThreadHandoffApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
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
 * The call's session travels into a new {@code Thread}, a {@code Thread} subclass and a {@code
 * Timer} task; a pool worker created lazily during one call does not carry that call into later
 * work from outside any call.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ThreadHandoffSmokeTest {
  private static final String SERVICE = "smoke-thread-handoffs";
  private static final String APP = ThreadHandoffApp.class.getName();

  @Test
  void sessionsFollowThreadsAndTimersButNotLazilyCreatedPoolWorkers(SmokeEnv env) {
    ForkedJvm.Builder app = ForkedJvm.builder("thread-handoff-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods",
            APP + "[handleNewThread,handleThreadSubclass,handleTimer,handlePoolOwner]")
        .mainClass(Artifacts.testClassesDir().toString(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("HANDOFFS_DONE"), Duration.ofSeconds(1));
    }

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "4 sessions and 4 TTS spans",
        spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= 4 && spans.stream().filter(VoiceSpans::isTts).count() >= 4;
        }, Duration.ofSeconds(15)));

    for (String callSid : List.of("CA-new-thread", "CA-thread-subclass", "CA-timer")) {
      RecordedRequest request = env.providers().requestsOf(callSid).get(0);
      ReceivedSpan tts = view.ttsInTrace(request.traceId());
      ReceivedSpan session = view.sessionAbove(tts);
      assertNotNull(session, callSid + ": the TTS span is not inside a session\n" + view.render());
      assertEquals("method", session.stringAttr("voice.session.source"), session.describe());
      assertEquals(session.stringAttr("session.id"), tts.stringAttr("session.id"), tts.describe());
    }

    RecordedRequest outside = env.providers().requestsOf("CA-outside").get(0);
    ReceivedSpan stray = view.ttsInTrace(outside.traceId());
    assertNull(view.sessionAbove(stray),
        "work submitted from outside any call ran on a pool worker created during another call and was"
            + " attributed to it\n" + view.render());
    assertNull(stray.stringAttr("session.id"), stray.describe());
    assertTrue(stray.isRoot(), "a stage outside any call stands alone: " + stray.describe());
  }

}
