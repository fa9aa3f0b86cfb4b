package dev.voicetrace.smoke;

import dev.voicetrace.smoke.apps.JdkAsyncHandlersApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The JDK {@code HttpClient}'s push-style body handlers under {@code sendAsync} (see {@link JdkAsyncHandlersApp}
 * and {@link ClientScenarioChecks}): {@code ofByteArrayConsumer} read to the end and cancelled with {@code
 * cancel(true)} on the future (barge-in), {@code fromSubscriber}, {@code fromLineSubscriber}, {@code
 * discarding()}. The fake server sends the audio in 500-byte chunks 20 ms apart, so that the barge-in, made
 * once 1,000 bytes have arrived, comes between two chunks.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class JdkAsyncHandlersSmokeTest {

  @Test
  void everyPushHandlerAndTheFuturesCancelEndTheStageWhereTheAppDid(SmokeEnv env) {
    ClientScenarioChecks.run(env, "smoke-jdk-async-handlers", JdkAsyncHandlersApp.class.getName(),
        Artifacts.testClassesDir().toString(), ",\"chunkBytes\":500,\"chunkMs\":20", env.providers().baseUrl(),
        Map.of());
  }
}
