package dev.voicetrace.smoke;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chat completions written by hand on the JDK {@code HttpClient} ({@code send}, {@code sendAsync} with
 * {@code ofLines}) and OkHttp ({@code execute}, {@code enqueue}), with the base-URL paths of Groq,
 * OpenRouter, Together and Ollama, and an Azure OpenAI deployment path (provider {@code
 * azure.ai.openai}): one {@code chat} span each (see {@link LlmClientChecks}); app in
 * {@code client-apps/hand-written}.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class HandWrittenChatSmokeTest {

  @Test
  void jdkAndOkHttpCallsUnderProviderBaseUrlsAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-hand-written-chat", "dev.voicetrace.clients.HandWrittenChatApp",
        LlmClientChecks.classPath("hand-written"),
        List.of(new Scenario("jdkBlocking", false), new Scenario("jdkStreamAsync", true),
            new Scenario("okHttpStream", true), new Scenario("okHttpAsync", false),
            Scenario.ofProvider("jdkAzureStream", true, "azure.ai.openai")));
  }
}
