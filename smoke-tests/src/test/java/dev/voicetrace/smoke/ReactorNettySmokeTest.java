package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.ReactorNettyApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.io.File;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speech and LLM calls over Reactor Netty's {@code HttpClient} become stage spans (see {@link
 * ClientScenarioChecks}), whichever response API reads them. The fake server streams audio in
 * 500-byte chunks here, so that the partial reader, which takes whole chunks, stops at exactly {@code
 * PARTIAL_BYTES} (two chunks) before it cancels.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ReactorNettySmokeTest {

  @Test
  void everyResponseApiBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    String classPath = ClientScenarioChecks.classPath(ClientScenarioChecks.REACTOR_NETTY);
    ClientScenarioChecks.run(env, "smoke-reactor-netty", ReactorNettyApp.class.getName(), classPath,
        ",\"chunkBytes\":500");
  }

  /**
   * The same app, compiled against Reactor Netty 1.2, on Reactor Netty 1.3.7 with Netty 4.2 and Reactor Core 3.8
   * (what Spring Boot 4's {@code WebClient} runs on): {@code client-apps/reactor-netty-1.3}'s class path, no 1.2.
   */
  @Test
  void onReactorNetty13TooEveryResponseApiBecomesOneStageSpan(SmokeEnv env) {
    String classPath = Artifacts.testClassesDir() + File.pathSeparator + LlmClientChecks.classPath("reactor-netty-1.3");
    assertTrue(classPath.contains("/reactor-netty-http-1.3.7.jar") && classPath.contains("/netty-codec-http-4.2.")
        && !classPath.contains("/reactor-netty-http-1.2"), classPath);
    ClientScenarioChecks.run(env, "smoke-reactor-netty-13", ReactorNettyApp.class.getName(), classPath,
        ",\"chunkBytes\":500");
  }
}
