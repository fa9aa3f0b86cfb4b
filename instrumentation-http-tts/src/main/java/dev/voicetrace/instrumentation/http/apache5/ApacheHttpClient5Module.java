package dev.voicetrace.instrumentation.http.apache5;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls over Apache HttpClient 5 classic ({@code CloseableHttpClient}: every {@code
 * execute} overload, with and without a response handler). The outermost {@code execute} starts the
 * stage span, before upstream's {@code apache-httpclient-5.0} advice on the same methods starts its
 * HTTP span, so that the HTTP span nests under the stage span; {@code doExecute}, which every
 * overload funnels through, hands back the response whose entity is then observed.
 */
public final class ApacheHttpClient5Module extends VoiceInstrumentationModule {
  public ApacheHttpClient5Module() {
    super("voicetrace-apache-httpclient-5");
  }


  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(
        "org.apache.hc.client5.http.impl.classic.CloseableHttpClient",
        "org.apache.hc.core5.http.io.entity.HttpEntityWrapper");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new CloseableHttpClientInstrumentation());
  }

  private static final String IO = "dev.voicetrace.instrumentation.http.io.";

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = ApacheHttpClient5Module.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "ApacheExchange",
        p + "ApacheMessages",
        p + "ObservedRequestEntity",
        IO + "ObservedOutputStream",
        p + "ObservedResponseEntity",
        IO + "ObservedInputStream");
  }
}
