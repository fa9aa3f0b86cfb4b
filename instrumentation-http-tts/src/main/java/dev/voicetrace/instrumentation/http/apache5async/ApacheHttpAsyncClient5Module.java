package dev.voicetrace.instrumentation.http.apache5async;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls over Apache HttpClient 5 async ({@code CloseableHttpAsyncClient}, built by
 * {@code HttpAsyncClients}; every {@code execute} overload, {@code SimpleHttpRequest} ones included).
 * The public funnels — {@code execute(producer, consumer, pushHandlerFactory, context, callback)},
 * which every other overload calls, and {@code execute(target, producer, …)} — start the stage span
 * and keep it current while upstream's {@code apache-httpclient-5.0} advice on the same method captures
 * its parent context, so that upstream's HTTP span nests under the stage span. {@code doExecute}, the
 * method both reach, is not hooked: upstream captures its parent before it. The request producer, the
 * response consumer and the result callback are wrapped so that request bytes are seen as the client
 * writes them, response bytes as the client hands them to the application, and the end, failure or
 * cancel of the exchange ends the span.
 */
public final class ApacheHttpAsyncClient5Module extends VoiceInstrumentationModule {
  public ApacheHttpAsyncClient5Module() {
    super("voicetrace-apache-httpclient-5-async");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed(
        "org.apache.hc.client5.http.async.HttpAsyncClient",
        "org.apache.hc.core5.http.nio.support.BasicRequestProducer");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new HttpAsyncClientInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = ApacheHttpAsyncClient5Module.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "ApacheAsyncExchange",
        "dev.voicetrace.instrumentation.http.apache5.ApacheMessages",
        p + "ApacheAsyncExchange$1",
        p + "ApacheAsyncExchange$2",
        p + "ObservedRequestProducer",
        p + "ObservedDataStreamChannel",
        p + "ObservedResponseConsumer",
        p + "ObservedFutureCallback");
  }
}
