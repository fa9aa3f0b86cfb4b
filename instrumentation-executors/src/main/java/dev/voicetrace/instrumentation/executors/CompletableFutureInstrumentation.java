package dev.voicetrace.instrumentation.executors;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.nameStartsWith;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CompletableFuture} stages ({@code thenApply}, {@code whenComplete}, {@code thenCompose}…):
 * a stage registered inside a call remembers that call's session, and runs in it on whichever thread
 * completes the future (an HTTP client's selector, a WebSocket reader, another call's thread). The
 * {@code *Async} variants already carry context through upstream's executor instrumentation; then
 * the session is already current and nothing changes.
 */
final class CompletableFutureInstrumentation implements TypeInstrumentation {
  static final String COMPLETION = "java.util.concurrent.CompletableFuture$Completion";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return nameStartsWith("java.util.concurrent.CompletableFuture$").and(extendsClass(named(COMPLETION)));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor().and(takesArguments(0)),
        CompletableFutureInstrumentation.class.getName() + "$RegisteredAdvice");
    transformer.applyAdviceToMethod(
        named("tryFire").and(takesArguments(1)).and(not(isAbstract())),
        CompletableFutureInstrumentation.class.getName() + "$FireAdvice");
  }

  @SuppressWarnings("unused")
  public static class RegisteredAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Object completion) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.taskScheduled(completion);
      }
    }
  }

  @SuppressWarnings("unused")
  public static class FireAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.This Object completion) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.taskRunning(completion);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
