package dev.voicetrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VirtualThreadTask;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.lang.VirtualThread} (JDK 21+): {@code Thread.ofVirtual().start(..)}, {@code
 * Thread.startVirtualThread(..)} and structured concurrency start virtual threads without {@code
 * Thread.start()}. A virtual thread created inside a call gets its task wrapped (the session must be
 * entered after the thread mounts, inside it); {@code start(ThreadContainer)} remembers the
 * starter's session exactly as for platform threads.
 */
final class VirtualThreadInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("java.lang.VirtualThread");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor().and(takesArguments(4)).and(takesArgument(3, Runnable.class)),
        VirtualThreadInstrumentation.class.getName() + "$ConstructorAdvice");
    transformer.applyAdviceToMethod(
        named("start").and(takesArguments(1)),
        VirtualThreadInstrumentation.class.getName() + "$StartAdvice");
  }

  @SuppressWarnings("unused")
  public static class ConstructorAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 3, typing = Assigner.Typing.DYNAMIC))
    public static Runnable onEnter(@Advice.Argument(3) Runnable task) {
      return VirtualThreadTask.wrap(task);
    }
  }

  @SuppressWarnings("unused")
  public static class StartAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Thread thread) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.threadStarting(thread);
      }
    }
  }
}
