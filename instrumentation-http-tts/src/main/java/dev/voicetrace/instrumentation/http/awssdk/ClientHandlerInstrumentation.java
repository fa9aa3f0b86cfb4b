package dev.voicetrace.instrumentation.http.awssdk;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The SDK's client handlers: {@code SyncClientHandler} ({@code AwsSyncClientHandler}, {@code
 * SdkSyncClientHandler}) and {@code AsyncClientHandler} ({@code AwsAsyncClientHandler}, {@code
 * SdkAsyncClientHandler}), {@code execute(ClientExecutionParams[, response transformer])}; the
 * asynchronous one returns the call's future. The AWS handler delegates to the SDK one: the inner
 * {@code execute} finds the call already open and does nothing.
 */
final class ClientHandlerInstrumentation implements TypeInstrumentation {
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE =
      isMethod().and(named("execute")).and(not(isAbstract()))
          .and(takesArgument(0, named("software.amazon.awssdk.core.client.handler.ClientExecutionParams")));

  private final String handlerInterface;
  private final String advice;

  private ClientHandlerInstrumentation(String handlerInterface, String advice) {
    this.handlerInterface = handlerInterface;
    this.advice = advice;
  }

  static ClientHandlerInstrumentation sync() {
    return new ClientHandlerInstrumentation("software.amazon.awssdk.core.client.handler.SyncClientHandler",
        ClientHandlerInstrumentation.class.getName() + "$SyncExecuteAdvice");
  }

  static ClientHandlerInstrumentation async() {
    return new ClientHandlerInstrumentation("software.amazon.awssdk.core.client.handler.AsyncClientHandler",
        ClientHandlerInstrumentation.class.getName() + "$AsyncExecuteAdvice");
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(EXECUTE).and(implementsInterface(named(handlerInterface)));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(EXECUTE, advice);
  }

  @SuppressWarnings("unused")
  public static class SyncExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.Argument(0) Object params) {
      return AwsSdkCall.start(params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable thrown) {
      AwsSdkCall.end(state, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class AsyncExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.Argument(0) Object params) {
      return AwsSdkCall.startAsync(params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object[] state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      AwsSdkCall.endAsync(state, returned, thrown);
    }
  }
}
