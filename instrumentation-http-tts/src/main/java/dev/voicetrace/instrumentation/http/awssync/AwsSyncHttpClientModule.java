package dev.voicetrace.instrumentation.http.awssync;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls made by the AWS SDK for Java v2's synchronous clients (for example {@code
 * PollyClient}) on any {@code SdkHttpClient}: the AWS Common Runtime's {@code AwsCrtHttpClient} (native:
 * no Java HTTP client below it that another hook could see), and equally {@code ApacheHttpClient}, {@code
 * Apache5HttpClient} and {@code UrlConnectionHttpClient}, whose own transport hooks then find the call
 * taken and stay out of it. The SDK prepares every request with {@code prepareRequest(HttpExecuteRequest)}:
 * the request's content provider is swapped for an observing one, and the prepared request returned to
 * the SDK is wrapped so that its {@code call()} reports the response headers and hands the SDK the body
 * as a stream that passes every byte through unchanged.
 */
public final class AwsSyncHttpClientModule extends VoiceInstrumentationModule {
  public AwsSyncHttpClientModule() {
    super("voicetrace-aws-sdk-http");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("software.amazon.awssdk.http.SdkHttpClient", "software.amazon.awssdk.http.ExecutableHttpRequest");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new SdkHttpClientInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = AwsSyncHttpClientModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "AwsSyncExchange",
        p + "AwsSyncExchange$ObservedContent",
        p + "AwsSyncExchange$ObservedRequestStream",
        "dev.voicetrace.instrumentation.http.io.ObservedInputStream");
  }
}
