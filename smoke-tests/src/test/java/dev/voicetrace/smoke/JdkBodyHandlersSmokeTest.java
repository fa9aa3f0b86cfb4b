package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.JdkBodyHandlersApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speech and LLM calls over the JDK {@code HttpClient} with {@code ofPublisher()}, {@code
 * ofInputStream()} (read partially and closed; read to the end from {@code sendAsync}) and {@code
 * ofFile()} become stage spans (see {@link ClientScenarioChecks}).
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class JdkBodyHandlersSmokeTest {

  @Test
  void everyBodyHandlerBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    ClientScenarioChecks.run(env, "smoke-jdk-body-handlers", JdkBodyHandlersApp.class.getName(),
        Artifacts.testClassesDir().toString());
  }
}
