package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * Speech and LLM calls over the JDK {@code java.net.http.HttpClient} ({@code send} and {@code
 * sendAsync}), and the client's question whether a wrapped body subscriber needs a thread of its
 * own ({@link TrustedSubscriberInstrumentation}). Its helpers are injected into the platform class
 * loader, which defines {@code java.net.http}. Ordered before upstream's module so that the stage
 * span is the parent of upstream's HTTP client span.
 */
public final class JdkHttpClientModule extends VoiceInstrumentationModule {
  public JdkHttpClientModule() {
    super("voicetrace-jdk-httpclient");
  }


  @Override
  public int order() {
    return -1;
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new HttpClientImplInstrumentation(), new TrustedSubscriberInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = JdkHttpClientModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        "dev.voicetrace.instrumentation.http.io.ObservedInputStream",
        p + "JdkExchange",
        p + "ObservedBodyPublisher",
        p + "ObservedBodyPublisher$ObservingSubscriber",
        p + "ObservedBodyHandler",
        p + "ObservedBodySubscriber",
        p + "ObservedBodySubscriber$ObservedSubscription");
  }
}
