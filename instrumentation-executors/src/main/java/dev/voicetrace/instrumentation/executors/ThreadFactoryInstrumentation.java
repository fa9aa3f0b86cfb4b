package dev.voicetrace.instrumentation.executors;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
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
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code ThreadFactory} and {@code ForkJoinWorkerThreadFactory} implementations: a thread they make
 * serves a pool, so it never carries the session of the call that happened to trigger its creation.
 */
final class ThreadFactoryInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> NEW_THREAD =
      named("newThread").and(takesArguments(1)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    // the declared-method test first: it reads only this class, the hierarchy test reads its supertypes
    return declaresMethod(NEW_THREAD).and(implementsInterface(named("java.util.concurrent.ThreadFactory")
        .or(named("java.util.concurrent.ForkJoinPool$ForkJoinWorkerThreadFactory"))));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        NEW_THREAD,
        ThreadFactoryInstrumentation.class.getName() + "$NewThreadAdvice");
  }

  @SuppressWarnings("unused")
  public static class NewThreadAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object thread) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.factoryMadeThread(thread);
      }
    }
  }
}
