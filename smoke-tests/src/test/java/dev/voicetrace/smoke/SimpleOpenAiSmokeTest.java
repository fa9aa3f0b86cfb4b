package dev.voicetrace.smoke;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * simple-openai (io.github.sashirestela, JDK {@code HttpClient} through cleverclient):
 * {@code chatCompletions().create} and {@code createStream}, one {@code chat} span each (see
 * {@link LlmClientChecks}); app in {@code client-apps/simple-openai}.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class SimpleOpenAiSmokeTest {

  @Test
  void createAndCreateStreamAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-simple-openai", "dev.voicetrace.clients.SimpleOpenAiApp",
        LlmClientChecks.classPath("simple-openai"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true)));
  }
}
