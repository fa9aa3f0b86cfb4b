package dev.voicetrace.instrumentation.executors;

import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
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
 * The JDK's blocking queues: what a producer puts remembers its call; what a consumer takes puts
 * the consumer in that call until its next take or poll.
 */
final class BlockingQueueInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf(
        "java.util.concurrent.LinkedBlockingQueue",
        "java.util.concurrent.ArrayBlockingQueue",
        "java.util.concurrent.LinkedBlockingDeque",
        "java.util.concurrent.LinkedTransferQueue",
        "java.util.concurrent.SynchronousQueue",
        "java.util.concurrent.PriorityBlockingQueue");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isPublic().and(namedOneOf("offer", "put", "add", "transfer", "tryTransfer", "offerFirst", "offerLast",
            "putFirst", "putLast", "addFirst", "addLast")).and(takesArguments(1).or(takesArguments(3))),
        BlockingQueueInstrumentation.class.getName() + "$ProduceAdvice");
    transformer.applyAdviceToMethod(
        isPublic().and(namedOneOf("take", "poll", "takeFirst", "takeLast", "pollFirst", "pollLast"))
            .and(takesArguments(0).or(takesArguments(2))),
        BlockingQueueInstrumentation.class.getName() + "$ConsumeAdvice");
  }

  @SuppressWarnings("unused")
  public static class ProduceAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.Argument(0) Object element) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.enqueued(element);
      }
    }
  }

  @SuppressWarnings("unused")
  public static class ConsumeAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.Return(typing = Assigner.Typing.DYNAMIC) Object element) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.dequeued(element);
      }
    }
  }
}
