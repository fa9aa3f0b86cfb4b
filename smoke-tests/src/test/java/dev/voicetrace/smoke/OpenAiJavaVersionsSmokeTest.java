package dev.voicetrace.smoke;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * openai-java at the oldest 4.x, the version the project pins, the newest 4.x this build's mirror serves (4.105.0)
 * and a 2.x release, each on its own class path (modules
 * {@code client-apps/openai-java-*}, one app source compiled against each): chat completions blocking,
 * streamed, async and async-streamed, and the Responses API blocking and streamed — one {@code chat}
 * span each (see {@link LlmClientChecks}).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class OpenAiJavaVersionsSmokeTest {
  static final List<Scenario> SCENARIOS = List.of(
      new Scenario("chatBlocking", false),
      new Scenario("chatStream", true),
      new Scenario("chatAsync", false),
      new Scenario("chatAsyncStream", true),
      new Scenario("responsesBlocking", false),
      new Scenario("responsesStream", true));

  @ParameterizedTest(name = "openai-java {0}")
  @ValueSource(strings = {"4.0.0", "4.15.0", "4.105.0", "2.20.1"})
  void everyCallStyleIsOneChatSpan(String version, SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-openai-java-" + version, "dev.voicetrace.clients.OpenAiJavaApp",
        LlmClientChecks.classPath("openai-java-" + version), SCENARIOS);
  }
}
