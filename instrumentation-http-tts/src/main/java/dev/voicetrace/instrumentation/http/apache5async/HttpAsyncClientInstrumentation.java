package dev.voicetrace.instrumentation.http.apache5async;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.asm.Advice.AssignReturned.ToArguments.ToArgument;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code HttpAsyncClient} implementations: {@code execute(AsyncRequestProducer, AsyncResponseConsumer,
 * HandlerFactory, HttpContext, FutureCallback)} (the interface method every overload funnels into, and
 * the one upstream advises) and {@code CloseableHttpAsyncClient}'s {@code execute(HttpHost,
 * AsyncRequestProducer, …)}, which goes to {@code doExecute} without it. Neither calls the other; a
 * client delegating to another client passes our observed consumer on, and the inner call leaves it be.
 */
final class HttpAsyncClientInstrumentation implements TypeInstrumentation {
  private static final String PRODUCER = "org.apache.hc.core5.http.nio.AsyncRequestProducer";
  private static final String CONSUMER = "org.apache.hc.core5.http.nio.AsyncResponseConsumer";
  private static final String CALLBACK = "org.apache.hc.core5.concurrent.FutureCallback";
  /** Hooked methods; a class that declares none of them is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE =
      isMethod().and(named("execute")).and(not(isAbstract())).and(takesArguments(5))
          .and(takesArgument(0, named(PRODUCER))).and(takesArgument(1, named(CONSUMER)))
          .and(takesArgument(4, named(CALLBACK)));
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE_WITH_TARGET =
      isMethod().and(named("execute")).and(not(isAbstract())).and(takesArguments(6))
          .and(takesArgument(0, named("org.apache.hc.core5.http.HttpHost")))
          .and(takesArgument(1, named(PRODUCER))).and(takesArgument(2, named(CONSUMER)))
          .and(takesArgument(5, named(CALLBACK)));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(EXECUTE.or(EXECUTE_WITH_TARGET))
        .and(implementsInterface(named("org.apache.hc.client5.http.async.HttpAsyncClient")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        EXECUTE,
        HttpAsyncClientInstrumentation.class.getName() + "$ExecuteAdvice");
    transformer.applyAdviceToMethod(
        EXECUTE_WITH_TARGET,
        HttpAsyncClientInstrumentation.class.getName() + "$ExecuteWithTargetAdvice");
  }

  @SuppressWarnings("unused")
  public static class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments({
        @ToArgument(value = 0, index = 0, typing = Assigner.Typing.DYNAMIC),
        @ToArgument(value = 1, index = 1, typing = Assigner.Typing.DYNAMIC),
        @ToArgument(value = 4, index = 2, typing = Assigner.Typing.DYNAMIC)})
    public static Object[] onEnter(
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object producer,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object consumer,
        @Advice.Argument(value = 3, typing = Assigner.Typing.DYNAMIC) Object context,
        @Advice.Argument(value = 4, typing = Assigner.Typing.DYNAMIC) Object callback) {
      return ApacheAsyncExchange.start(null, producer, consumer, context, callback);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable thrown) {
      ApacheAsyncExchange.end(state, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class ExecuteWithTargetAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments({
        @ToArgument(value = 1, index = 0, typing = Assigner.Typing.DYNAMIC),
        @ToArgument(value = 2, index = 1, typing = Assigner.Typing.DYNAMIC),
        @ToArgument(value = 5, index = 2, typing = Assigner.Typing.DYNAMIC)})
    public static Object[] onEnter(
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object target,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object producer,
        @Advice.Argument(value = 2, typing = Assigner.Typing.DYNAMIC) Object consumer,
        @Advice.Argument(value = 4, typing = Assigner.Typing.DYNAMIC) Object context,
        @Advice.Argument(value = 5, typing = Assigner.Typing.DYNAMIC) Object callback) {
      return ApacheAsyncExchange.start(target, producer, consumer, context, callback);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable thrown) {
      ApacheAsyncExchange.end(state, thrown);
    }
  }
}
