package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.LlmClientChecks.Scenario;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.io.File;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
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
  /** What OkHttp 5 replaces on the SDK's class path: OkHttp 4, its okio and its Kotlin standard library. */
  private static final Pattern OKHTTP_4_RUNTIME = Pattern.compile("(okhttp-4|okio-|kotlin-stdlib-).*\\.jar");

  @ParameterizedTest(name = "openai-java {0}")
  @ValueSource(strings = {"4.0.0", "4.15.0", "4.105.0", "2.20.1"})
  void everyCallStyleIsOneChatSpan(String version, SmokeEnv env) {
    LlmClientChecks.runAndCheckAll(env, "smoke-openai-java-" + version, "dev.voicetrace.clients.OpenAiJavaApp",
        LlmClientChecks.classPath("openai-java-" + version), SCENARIOS);
  }

  /**
   * The newest openai-java on OkHttp 5.5.1, as a build that upgrades OkHttp under the SDK resolves it: the
   * SDK's own jars with its OkHttp 4, okio and Kotlin standard library replaced by OkHttp 5's ({@code
   * client-apps/okhttp-5}: okhttp-jvm 5.5.1, okio 3.18.1, kotlin-stdlib 2.1.21). The same six call styles, one
   * {@code chat} span each.
   */
  @Test
  void onOkHttp5EveryCallStyleIsOneChatSpan(SmokeEnv env) {
    String sdk = Arrays.stream(LlmClientChecks.classPath("openai-java-4.105.0").split(File.pathSeparator))
        .filter(entry -> !OKHTTP_4_RUNTIME.matcher(Path.of(entry).getFileName().toString()).matches())
        .collect(Collectors.joining(File.pathSeparator));
    String classPath = sdk + File.pathSeparator + LlmClientChecks.classPath("okhttp-5");
    assertTrue(classPath.contains("/okhttp-jvm-5.5.1.jar") && !classPath.contains("/okhttp-4")
        && classPath.contains("/openai-java-client-okhttp-4.105.0.jar"), classPath);
    LlmClientChecks.runAndCheckAll(env, "smoke-openai-java-okhttp5", "dev.voicetrace.clients.OpenAiJavaApp",
        classPath, SCENARIOS);
  }
}
