package dev.voicetrace.instrumentation.http.jdk;

import static net.bytebuddy.matcher.ElementMatchers.isStatic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jdk.internal.net.http.ResponseSubscribers$TrustedSubscriber.needsExecutor(BodySubscriber)}:
 * the client asks it whether a response's {@code getBody()} must be moved to another thread (it
 * must for any subscriber the JDK did not write, which may block there). Our {@link
 * ObservedBodySubscriber} never blocks, so it is answered for the subscriber it wraps: the
 * application's {@code ofInputStream()}, {@code ofByteArray()}, … take the same path, with the same
 * thread hops, as without the agent.
 */
final class TrustedSubscriberInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("jdk.internal.net.http.ResponseSubscribers$TrustedSubscriber");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isStatic().and(named("needsExecutor")).and(takesArguments(1)),
        TrustedSubscriberInstrumentation.class.getName() + "$NeedsExecutorAdvice");
  }

  @SuppressWarnings("unused")
  public static class NeedsExecutorAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 0, typing = Assigner.Typing.DYNAMIC))
    public static Object onEnter(@Advice.Argument(0) Object subscriber) {
      return JdkExchange.applicationSubscriber(subscriber);
    }
  }
}
