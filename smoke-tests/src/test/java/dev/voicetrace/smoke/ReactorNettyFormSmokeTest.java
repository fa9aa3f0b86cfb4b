package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.ReactorNettyFormApp;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A transcription uploaded with Reactor Netty's {@code sendForm} ({@link ReactorNettyFormApp}) has the
 * facts its form carries: the stage span is named for the form's model and has its language, read from
 * the form's bytes as Netty's encoder hands them to the connection (a short form and one of several
 * chunks). The app reads the same transcript with and without the agent, and the fake server, which
 * parses the form, accepted it either way. Without the form hooks the span has neither the model nor the
 * language.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ReactorNettyFormSmokeTest {
  private static final Pattern RESULT = Pattern.compile("RESULT case=(\\w+) status=(\\d+) text=(\\S*)");

  @Test
  void aFormSentWithSendFormGivesTheSpanItsModelAndLanguage(SmokeEnv env) {
    check(env, "smoke-reactor-netty-form", ClientScenarioChecks.classPath(ClientScenarioChecks.REACTOR_NETTY));
  }

  /** The same app on Reactor Netty 1.3.7 with Netty 4.2 ({@code client-apps/reactor-netty-1.3}). */
  @Test
  void onReactorNetty13TooTheFormIsRead(SmokeEnv env) {
    String classPath = Artifacts.testClassesDir() + File.pathSeparator + LlmClientChecks.classPath("reactor-netty-1.3");
    assertTrue(classPath.contains("/reactor-netty-http-1.3.7.jar") && !classPath.contains("/reactor-netty-http-1.2"),
        classPath);
    check(env, "smoke-reactor-netty-13-form", classPath);
  }

  private static void check(SmokeEnv env, String service, String classPath) {
    String app = ReactorNettyFormApp.class.getName();
    Map<String, String> with;
    Map<String, String> without;
    try (ForkedJvm agentJvm = ForkedJvm.builder(service + "-agent")
            .javaagent(Artifacts.agentJar())
            .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
            .systemProperty("otel.instrumentation.voicetrace.session.methods",
                app + "[" + String.join(",", ReactorNettyFormApp.CASES) + "]")
            .mainClass(classPath, app)
            .args(env.providers().baseUrl(), service + "-agent")
            .start();
        ForkedJvm plainJvm = ForkedJvm.builder(service + "-plain")
            .mainClass(classPath, app)
            .args(env.providers().baseUrl(), service + "-plain")
            .start()) {
      assertEquals(0, plainJvm.awaitExit(Duration.ofSeconds(60)), "app without agent\n" + plainJvm.tail());
      assertEquals(0, agentJvm.awaitExit(Duration.ofSeconds(60)), "app with agent\n" + agentJvm.tail());
      with = results(agentJvm);
      without = results(plainJvm);
    }
    assertEquals(List.of(ReactorNettyFormApp.CASES), List.copyOf(without.keySet()), "cases without the agent");
    for (String c : ReactorNettyFormApp.CASES) {
      assertTrue(without.get(c).startsWith("200 ") && without.get(c).length() > 4,
          c + ": the fake server took the form and answered a transcript: " + without.get(c));
      assertEquals(without.get(c), with.get(c), c + ": what the app read with and without the agent");
    }

    int n = ReactorNettyFormApp.CASES.length;
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, n + " sessions with a stage span each",
        spans -> new TraceView(spans).sessions().size() >= n && spans.stream().filter(VoiceSpans::isStage).count() >= n,
        Duration.ofSeconds(20)));
    List<ReceivedSpan> sessions = view.sessions();
    assertEquals(n, sessions.size(), view.render());
    for (int i = 0; i < n; i++) {
      List<ReceivedSpan> stages = view.descendants(sessions.get(i)).stream().filter(VoiceSpans::isStage).toList();
      assertEquals(1, stages.size(), ReactorNettyFormApp.CASES[i] + "\n" + view.render());
      ReceivedSpan s = stages.get(0);
      String where = ReactorNettyFormApp.CASES[i] + ": " + s.describe() + "\n" + view.renderTrace(s.traceId());
      assertEquals("speech_to_text " + ReactorNettyFormApp.MODEL, s.name(), "named for the form's model\n" + where);
      assertEquals(ReactorNettyFormApp.MODEL, s.stringAttr("gen_ai.request.model"), where);
      assertEquals(ReactorNettyFormApp.LANGUAGE, s.stringAttr("gen_ai.speech.input.language"),
          "the form's language\n" + where);
      assertEquals("openai", s.stringAttr("gen_ai.provider.name"), where);
      assertNotEquals("ERROR", s.statusCode(), where);
    }
  }

  private static Map<String, String> results(ForkedJvm jvm) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), m.group(2) + " " + m.group(3));
    }
    return out;
  }
}
