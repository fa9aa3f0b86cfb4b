package dev.voicetrace.instrumentation.http.awsasync;

import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code SdkAsyncHttpClient} implementations: {@code execute(AsyncExecuteRequest)}. */
final class SdkAsyncHttpClientInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that declares it not is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE =
      isMethod().and(named("execute")).and(not(isAbstract())).and(takesArguments(1))
          .and(takesArgument(0, named("software.amazon.awssdk.http.async.AsyncExecuteRequest")));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(EXECUTE)
        .and(implementsInterface(named("software.amazon.awssdk.http.async.SdkAsyncHttpClient")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(EXECUTE, SdkAsyncHttpClientInstrumentation.class.getName() + "$ExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 0, index = 1, typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(0) Object request) {
      return AwsAsyncExchange.start(request);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object[] state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      AwsAsyncExchange.end(state, returned, thrown);
    }
  }
}
