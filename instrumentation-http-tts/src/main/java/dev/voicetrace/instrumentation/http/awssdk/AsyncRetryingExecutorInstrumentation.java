package dev.voicetrace.instrumentation.http.awssdk;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The AWS SDK's asynchronous retry loop, {@code AsyncRetryableStage.RetryingExecutor}: one executor per
 * call, whose {@code attemptExecute(future)} sends each attempt (the first from the caller's thread, the
 * next ones from the SDK's scheduler after the back-off) and is always given the loop's overall future.
 * Each attempt is announced to the runtime with the executor as the loop's key, so the attempts are one
 * call; the loop ends when that future completes. A version without this private method simply does not
 * match: its attempts are separate spans.
 */
final class AsyncRetryingExecutorInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("software.amazon.awssdk.core.internal.http.pipeline.stages.AsyncRetryableStage$RetryingExecutor");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("attemptExecute").and(takesArguments(1))
            .and(takesArgument(0, named("java.util.concurrent.CompletableFuture"))),
        AsyncRetryingExecutorInstrumentation.class.getName() + "$AttemptAdvice");
  }

  @SuppressWarnings("unused")
  public static class AttemptAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.This Object executor) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.asyncAttemptStarting(executor);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object attempt, @Advice.Argument(0) Object overall, @Advice.Thrown Throwable thrown) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && attempt != null) {
        runtime.asyncAttemptSent(attempt, overall, thrown); // the first attempt's: the loop ends with it
      }
    }
  }
}
