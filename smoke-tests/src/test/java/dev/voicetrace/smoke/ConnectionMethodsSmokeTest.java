package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicetrace.smoke.apps.ConnectionMethodApp;
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

/** {@code session.connection-methods}: open/close method pairs keyed by the connection argument. */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ConnectionMethodsSmokeTest {
  private static final String SERVICE = "smoke-connection-methods";
  private static final String APP = ConnectionMethodApp.class.getName();

  @Test
  void openAndCloseMethodsDelimitOneSessionPerConnection(SmokeEnv env) {
    ForkedJvm.Builder app = ForkedJvm.builder("connection-method-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.connection-methods",
            APP + "#onConnect/onDisconnect")
        .mainClass(Artifacts.testClassesDir().toString(), APP)
        .args(env.providers().baseUrl());
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("CONNECTIONS_DONE"), Duration.ofSeconds(1));
    }
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "2 sessions, 6 TTS spans",
        spans -> new TraceView(spans).sessions().size() >= 2
            && spans.stream().filter(VoiceSpans::isTts).count() >= 6,
        Duration.ofSeconds(15)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(2, sessions.size(), view.render());
    for (ReceivedSpan s : sessions) {
      assertEquals("connection", s.stringAttr("voice.session.source"), s.describe());
      assertEquals("closed", s.stringAttr("voice.session.end_reason"), s.describe());
    }
    for (String call : List.of("CA-conn-a", "CA-conn-b")) {
      ReceivedSpan greeting = view.sessionAbove(tts(view, env, call + "-greeting"));
      ReceivedSpan goodbye = view.sessionAbove(tts(view, env, call + "-goodbye"));
      assertEquals(greeting, goodbye, call + ": greeting and goodbye in one session\n" + view.render());
      assertNull(view.sessionAbove(tts(view, env, call + "-outside")),
          call + ": work outside the connection's callbacks belongs to no call\n" + view.render());
    }
    assertNotEquals(view.sessionAbove(tts(view, env, "CA-conn-a-greeting")),
        view.sessionAbove(tts(view, env, "CA-conn-b-greeting")), "two connections, two sessions");
  }

  private static ReceivedSpan tts(TraceView view, SmokeEnv env, String callSid) {
    return view.ttsInTrace(env.providers().requestsOf(callSid).get(0).traceId());
  }
}
