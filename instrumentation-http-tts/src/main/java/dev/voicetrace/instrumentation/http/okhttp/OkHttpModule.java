package dev.voicetrace.instrumentation.http.okhttp;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Speech and LLM calls over OkHttp 4.x and 5.x (and so openai-java and other SDKs built on it):
 * an application interceptor, outermost in every client, so that the stage span encloses
 * upstream's network-level HTTP span.
 */
public final class OkHttpModule extends VoiceInstrumentationModule {
  public OkHttpModule() {
    super("voicetrace-okhttp");
  }


  @Override
  public int order() {
    return -1;
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("okhttp3.OkHttpClient", "okio.ForwardingSource");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(new OkHttpClientBuilderInstrumentation(), new OkHttpCallCancelInstrumentation());
  }

  @Override
  public List<String> getAdditionalHelperClassNames() {
    String p = OkHttpModule.class.getPackage().getName() + ".";
    return Arrays.asList(
        p + "VoiceInterceptor",
        p + "CancelHandle",
        p + "ObservedRequestBody",
        p + "ObservedSink",
        p + "BodyTap",
        p + "ObservedResponseBody",
        p + "ObservedSource");
  }
}
