package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.io.File;
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
  private static final List<Scenario> SCENARIOS = List.of(new Scenario("jdkBlocking", false),
      new Scenario("jdkStreamAsync", true), new Scenario("okHttpStream", true), new Scenario("okHttpAsync", false),
      Scenario.ofProvider("jdkAzureStream", true, "azure.ai.openai"));

  @Test
  void jdkAndOkHttpCallsUnderProviderBaseUrlsAreOneChatSpanEach(SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-hand-written-chat", "dev.voicetrace.clients.HandWrittenChatApp",
        LlmClientChecks.classPath("hand-written"), SCENARIOS);
  }

  /**
   * The same app on OkHttp 5.5.1 (its OkHttp calls: {@code execute} streamed, {@code enqueue}): its classes
   * with {@code client-apps/okhttp-5}'s class path (okhttp-jvm 5.5.1, which keeps the 4.x API), no OkHttp 4.
   */
  @Test
  void onOkHttp5TheOkHttpCallsAreOneChatSpanEach(SmokeEnv env) {
    String classes = Artifacts.moduleDir().resolve("../client-apps/hand-written/target/classes").normalize().toString();
    String classPath = classes + File.pathSeparator + LlmClientChecks.classPath("okhttp-5");
    assertTrue(classPath.contains("okhttp-jvm-5.5.1.jar") && !classPath.contains("okhttp-4"), classPath);
    LlmClientChecks.runAndCheckAll(env, "smoke-hand-written-chat-okhttp5", "dev.voicetrace.clients.HandWrittenChatApp",
        classPath, SCENARIOS);
  }
}
