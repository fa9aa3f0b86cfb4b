package dev.voicetrace.instrumentation.http.webclient;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls made with Spring's {@code WebClient} (spring-webflux 6.x and later; Spring AI
 * 1.x streams over it). Upstream's spring-webflux module makes an HTTP span for every exchange in a
 * filter of its own, above the connector (JDK {@code HttpClient}, Reactor Netty, Apache HttpClient 5)
 * that voicetrace's transport hooks see. So the stage span is opened here, in a filter put outside
 * every other one when the client is built: upstream's span nests under it, and the transport hook
 * that sends the request takes the call over and reports its body, time to first byte and end.
 */
public final class SpringWebClientModule extends VoiceInstrumentationModule {
  public SpringWebClientModule() {
    super("voicetrace-spring-webclient");
  }

  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    // HttpStatusCode: spring-web 6.0+, where DefaultWebClient takes its filters apart from the exchange
    return hasClassesNamed(
        "org.springframework.web.reactive.function.client.DefaultWebClient",
        "org.springframework.http.HttpStatusCode");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new DefaultWebClientInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = SpringWebClientModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        "dev.voicetrace.instrumentation.http.reactor.RelaySubscriber",
        p + "VoiceExchangeFilter",
        p + "VoiceExchangeFilter$ObservedExchange",
        p + "VoiceExchangeFilter$ExchangeSubscriber");
  }
}
