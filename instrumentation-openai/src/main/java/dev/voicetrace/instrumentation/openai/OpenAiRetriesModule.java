package dev.voicetrace.instrumentation.openai;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.hasClassesNamed;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Collections;
import java.util.List;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * openai-java's built-in retries (every 4.x and 2.x/3.x client, however it was built): the HTTP
 * attempts of one request become one {@code chat}/speech stage span with {@code voice.attempts}, the
 * attempts' HTTP spans its children. The span itself comes from the HTTP layer; this only tells it
 * where a retry loop begins and ends. Advice calls only the bootstrap bridge: no helpers.
 */
public final class OpenAiRetriesModule extends VoiceInstrumentationModule {
  public OpenAiRetriesModule() {
    super("voicetrace-openai-retries");
  }

  @Override
  public ElementMatcher.Junction<ClassLoader> classLoaderMatcher() {
    return hasClassesNamed("com.openai.core.http.RetryingHttpClient");
  }

  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Collections.singletonList(new RetryingHttpClientInstrumentation());
  }
}
