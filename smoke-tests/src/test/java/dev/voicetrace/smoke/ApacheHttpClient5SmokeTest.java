package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.ApacheHttpClient5App;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** Speech and LLM calls over Apache HttpClient 5 classic become stage spans (see {@link ClientScenarioChecks}). */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ApacheHttpClient5SmokeTest {

  @Test
  void everyExecuteStyleBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    String classPath = ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5);
    ClientScenarioChecks.run(env, "smoke-apache-httpclient5", ApacheHttpClient5App.class.getName(), classPath);
  }
}
