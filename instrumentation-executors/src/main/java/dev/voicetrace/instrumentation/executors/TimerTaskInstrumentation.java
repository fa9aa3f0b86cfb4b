package dev.voicetrace.instrumentation.executors;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code TimerTask} subclasses: each run (one-shot, fixed-rate, fixed-delay) enters the scheduler's session. */
final class TimerTaskInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> RUN =
      named("run").and(takesArguments(0)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(RUN).and(extendsClass(named("java.util.TimerTask")))
        .and(not(named("java.util.TimerTask")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        RUN,
        TimerTaskInstrumentation.class.getName() + "$RunAdvice");
  }

  @SuppressWarnings("unused")
  public static class RunAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.This Object task) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.taskRunning(task);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
