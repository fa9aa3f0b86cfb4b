package dev.voicetrace.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryingHttpClient.execute(request, options)}: the blocking retry loop. (The async loop,
 * {@code executeAsync}, retries on other threads; its attempts are still separate spans.)
 */
final class RetryingHttpClientInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("com.openai.core.http.RetryingHttpClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("execute").and(takesArguments(2)),
        RetryingHttpClientInstrumentation.class.getName() + "$ExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter() {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.retriesStarting();
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object loop) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && loop != null) {
        runtime.retriesEnded(loop);
      }
    }
  }
}
