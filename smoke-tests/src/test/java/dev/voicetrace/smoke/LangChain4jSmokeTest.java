package dev.voicetrace.smoke;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * LangChain4j {@code langchain4j-open-ai} (on the JDK {@code HttpClient}): {@code OpenAiChatModel}
 * blocking and {@code OpenAiStreamingChatModel} streamed, one {@code chat} span each (see
 * {@link LlmClientChecks}); app in {@code client-apps/langchain4j}.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class LangChain4jSmokeTest {

  @Test
  void blockingAndStreamingChatModelsAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-langchain4j", "dev.voicetrace.clients.LangChain4jApp",
        LlmClientChecks.classPath("langchain4j"),
        List.of(new Scenario("chatBlocking", false), new Scenario("chatStream", true)));
  }
}
