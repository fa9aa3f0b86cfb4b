package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.ApacheHttpAsyncClient5App;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Speech and LLM calls over Apache HttpClient 5 async become stage spans (see {@link
 * ClientScenarioChecks}), with simple and streaming producers and consumers. The fake server streams
 * audio in 500-byte chunks 20 ms apart here. The partial consumer keeps {@code PARTIAL_BYTES} and then
 * cancels; the client hands a consumer every byte of a read, and a late read can hold several chunks
 * (seen on Temurin 25), so the consumer reports how many bytes it was handed, and the span's audio
 * bytes are checked against that count, while the app's view compared with and without the agent is
 * the bytes it kept.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class ApacheHttpAsyncClient5SmokeTest {

  @Test
  void everyExecuteStyleBecomesOneStageSpanAndTheAppSeesTheSameBytes(SmokeEnv env) {
    String classPath = ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5);
    ClientScenarioChecks.run(env, "smoke-apache-httpasyncclient5", ApacheHttpAsyncClient5App.class.getName(),
        classPath, ",\"chunkBytes\":500,\"chunkMs\":20");
  }
}
