package dev.voicetrace.instrumentation.openai;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code RetryingHttpClient.execute(request, options)}: the blocking retry loop. The asynchronous
 * loop ({@code executeAsync}) sends every attempt through its local function {@code
 * executeWithRetries}, compiled by Kotlin to the static {@code executeAsync$executeWithRetries(boolean,
 * RetryingHttpClient, Ref.IntRef retries, HttpRequest, RequestOptions)} (openai-java 2.x to 4.x); the
 * {@code IntRef} holding the retry count is one object per {@code executeAsync} call, so it names the
 * loop across the threads its attempts are sent from. A version compiled otherwise simply does not
 * match: its async attempts are separate spans, as without this hook.
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
    transformer.applyAdviceToMethod(
        named("executeAsync$executeWithRetries").and(takesArguments(5))
            .and(takesArgument(2, named("kotlin.jvm.internal.Ref$IntRef"))),
        RetryingHttpClientInstrumentation.class.getName() + "$AsyncAttemptAdvice");
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

  @SuppressWarnings("unused")
  public static class AsyncAttemptAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.Argument(2) Object retries) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.asyncAttemptStarting(retries);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object attempt,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && attempt != null) {
        runtime.asyncAttemptSent(attempt, returned, thrown);
      }
    }
  }
}
