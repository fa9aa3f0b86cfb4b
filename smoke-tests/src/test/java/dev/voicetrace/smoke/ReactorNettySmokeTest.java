package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.ReactorNettyApp;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
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
}
