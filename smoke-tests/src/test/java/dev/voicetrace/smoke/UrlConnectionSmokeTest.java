package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.UrlConnectionApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Speech and LLM calls over {@code HttpURLConnection} become stage spans (see {@link ClientScenarioChecks}). */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class UrlConnectionSmokeTest {

  @Test
  void everyReadStyleBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    ClientScenarioChecks.run(env, "smoke-url-connection", UrlConnectionApp.class.getName(),
        Artifacts.testClassesDir().toString());
  }
}
