package dev.voicetrace.instrumentation.http.awssdk;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech calls made with the AWS SDK for Java v2's clients ({@code PollyClient.synthesizeSpeech},
 * {@code PollyAsyncClient.synthesizeSpeech}). Upstream's AWS SDK module makes its {@code Polly.SynthesizeSpeech}
 * span inside the SDK's client handler, above the HTTP client where voicetrace's transport hooks see
 * the request, and the SDK retries inside that handler too. So the stage span is opened here, around
 * the handler's {@code execute}, with the SDK's retry loop (blocking: on the handler's thread;
 * asynchronous: announced by {@code RetryingExecutor} for each attempt): upstream's span nests under the
 * stage, the HTTP client hook of each attempt (including the async HTTP SPI hook) takes the call over and
 * reports its body, and the attempts are one span with {@code voice.attempts}, as for openai-java.
 */
public final class AwsSdkCallsModule extends VoiceInstrumentationModule {
  public AwsSdkCallsModule() {
    super("voicetrace-aws-sdk");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(
        "software.amazon.awssdk.core.client.handler.SyncClientHandler",
        "software.amazon.awssdk.core.client.handler.ClientExecutionParams");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(ClientHandlerInstrumentation.sync(), ClientHandlerInstrumentation.async(),
        new AsyncRetryingExecutorInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    return Collections.singletonList(AwsSdkCallsModule.class.getPackage().getName() + ".AwsSdkCall");
  }
}
