package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Spring AI 1.x {@code OpenAiChatModel}: {@code call} over {@code RestClient} and {@code stream}
 * over {@code WebClient} (see {@link LlmClientChecks}); app in {@code client-apps/spring-ai}.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SpringAiSmokeTest {
  private static final String APP = "dev.voicetrace.clients.SpringAiApp";

  /**
   * Without another HTTP client on the class path, both go through the JDK {@code HttpClient}: one
   * {@code chat} span each. Known gap: upstream's spring-webflux instrumentation makes its own
   * HTTP span for the {@code WebClient} exchange, and since voicetrace opens the {@code chat} span at
   * the JDK layer below it, that span stays a child of the session, beside the turn, rather than
   * under the {@code chat} span.
   */
  @Test
  void callAndStreamOnTheJdkHttpClientAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-spring-ai", APP, LlmClientChecks.classPath("spring-ai"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true, "spring-webflux")));
  }

  /**
   * With {@code reactor-netty-http} on the class path (a Spring Boot WebFlux app), Spring picks
   * Reactor Netty for both {@code RestClient} and {@code WebClient}, and voicetrace does not hook
   * Reactor Netty yet: no {@code chat} span at all. What works, and is checked: the app sees the same
   * text and usage with the agent, each call is its session, and upstream's Reactor Netty HTTP span
   * of each request lands in it. The missing {@code chat} spans are asserted as the known gap, so that
   * this test says so when a Reactor Netty hook closes it (then check them with
   * {@link LlmClientChecks#runAndCheckAll}).
   */
  @Test
  void onReactorNettyTheAppIsUnchangedAndItsHttpSpansAreInTheSessionButThereIsNoChatSpanYet(SmokeEnv env) {
    LlmClientChecks.Run run = LlmClientChecks.run(env, "smoke-spring-ai-reactor-netty", APP,
        LlmClientChecks.classPath("spring-ai-reactor-netty"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true)), 0);
    TraceView view = run.view();
    for (ReceivedSpan session : view.sessions()) {
      List<ReceivedSpan> http = view.descendants(session).stream().filter(VoiceSpans::isHttpClient).toList();
      assertEquals(1, http.size(), "the request's upstream HTTP span is in its session\n" + view.render());
      assertEquals("http://127.0.0.1:" + env.providers().port() + "/v1/chat/completions",
          http.get(0).stringAttr("url.full"), http.get(0).describe());
      String scope = http.get(0).scopeName(); // RestClient: reactor-netty's; WebClient: spring-webflux's (outermost)
      assertTrue(scope.contains("reactor-netty") || scope.contains("spring-webflux"), scope);
    }
    assertEquals(List.of(), view.matching(VoiceSpans::isChat),
        "known gap: Reactor Netty is not hooked, so no chat span\n" + view.render());
  }
}
