package dev.voicetrace.instrumentation.http.awsasync;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls made by the AWS SDK for Java v2's asynchronous clients (for example {@code
 * PollyAsyncClient}) on any {@code SdkAsyncHttpClient}: {@code NettyNioAsyncHttpClient}, {@code
 * AwsCrtAsyncHttpClient}. The SDK hands every request to {@code execute(AsyncExecuteRequest)}: the
 * request's content publisher and response handler are swapped for observing ones that pass every
 * buffer and signal through unchanged. The synchronous clients need no hook of their own: they run
 * on HTTP clients voicetrace already hooks ({@code HttpURLConnection}, Apache HttpClient 4 and 5).
 */
public final class AwsAsyncHttpClientModule extends VoiceInstrumentationModule {
  public AwsAsyncHttpClientModule() {
    super("voicetrace-aws-sdk-async-http");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    // SdkHttpExecutionAttributes: AsyncExecuteRequest can be copied whole (every field has a builder setter)
    return hasClassesNamed(
        "software.amazon.awssdk.http.async.SdkAsyncHttpClient",
        "software.amazon.awssdk.http.SdkHttpExecutionAttributes");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new SdkAsyncHttpClientInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = AwsAsyncHttpClientModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "AwsAsyncExchange",
        p + "AwsAsyncExchange$ObservedContent",
        p + "AwsAsyncExchange$ObservedHandler",
        p + "AwsAsyncExchange$ObservedStream",
        p + "AwsAsyncExchange$ObservingSubscriber",
        p + "AwsAsyncExchange$ObservedSubscription");
  }
}
