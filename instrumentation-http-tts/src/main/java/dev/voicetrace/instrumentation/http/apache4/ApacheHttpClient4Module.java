package dev.voicetrace.instrumentation.http.apache4;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls over Apache HttpClient 4.x classic: every {@code HttpClient.execute} overload of
 * every implementation (the AWS SDK v2's default {@code ApacheHttpClient} wraps one), with and without
 * a response handler. The outermost {@code execute} starts the stage span, before upstream's {@code
 * apache-httpclient-4.0} advice on the same methods starts its HTTP span, so that the HTTP span nests
 * under the stage span; {@code CloseableHttpClient.doExecute}, which its overloads funnel through, hands
 * back the response whose entity is then observed.
 */
public final class ApacheHttpClient4Module extends VoiceInstrumentationModule {
  public ApacheHttpClient4Module() {
    super("voicetrace-apache-httpclient-4");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("org.apache.http.client.HttpClient", "org.apache.http.entity.HttpEntityWrapper");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new HttpClientInstrumentation(), new CloseableHttpResponseInstrumentation());
  }

  private static final String IO = "dev.voicetrace.instrumentation.http.io.";

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = ApacheHttpClient4Module.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "Apache4Exchange",
        p + "ObservedRequestEntity",
        IO + "ObservedOutputStream",
        p + "ObservedResponseEntity",
        IO + "ObservedInputStream");
  }
}
