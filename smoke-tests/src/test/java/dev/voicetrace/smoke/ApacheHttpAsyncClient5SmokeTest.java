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
 * audio in 500-byte chunks 20 ms apart here, so that the partial consumer, which cancels once it holds
 * {@code PARTIAL_BYTES}, has been handed exactly that many bytes (two chunks, each its own read) when
 * it cancels: the client hands a consumer every byte of a read, and the span counts what it was handed.
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
