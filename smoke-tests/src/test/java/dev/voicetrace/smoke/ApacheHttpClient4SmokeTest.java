package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.ApacheHttpClient4App;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Speech and LLM calls over Apache HttpClient 4.5 classic become stage spans (see {@link ClientScenarioChecks}). */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ApacheHttpClient4SmokeTest {

  @Test
  void everyExecuteStyleBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    ClientScenarioChecks.run(env, "smoke-apache-httpclient4", ApacheHttpClient4App.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT4));
  }
}
