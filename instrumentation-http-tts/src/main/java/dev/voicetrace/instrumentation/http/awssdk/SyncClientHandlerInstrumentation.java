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
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code SyncClientHandler} implementations ({@code AwsSyncClientHandler}, {@code SdkSyncClientHandler}):
 * {@code execute(ClientExecutionParams)} and {@code execute(ClientExecutionParams, ResponseTransformer)}.
 * The AWS handler delegates to the SDK one: the inner {@code execute} finds the call already open and
 * does nothing.
 */
final class SyncClientHandlerInstrumentation implements TypeInstrumentation {
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE =
      isMethod().and(named("execute")).and(not(isAbstract()))
          .and(takesArgument(0, named("software.amazon.awssdk.core.client.handler.ClientExecutionParams")));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(EXECUTE)
        .and(implementsInterface(named("software.amazon.awssdk.core.client.handler.SyncClientHandler")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(EXECUTE, SyncClientHandlerInstrumentation.class.getName() + "$ExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.Argument(0) Object params) {
      return AwsSdkCall.start(params);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable thrown) {
      AwsSdkCall.end(state, thrown);
    }
  }
}
