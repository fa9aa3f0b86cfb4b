package dev.voicetrace.instrumentation.http.awssync;

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
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code SdkHttpClient} implementations: {@code prepareRequest(HttpExecuteRequest)}. */
final class SdkHttpClientInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that declares it not is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> PREPARE =
      isMethod().and(named("prepareRequest")).and(not(isAbstract())).and(takesArguments(1))
          .and(takesArgument(0, named("software.amazon.awssdk.http.HttpExecuteRequest")));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(PREPARE).and(implementsInterface(named("software.amazon.awssdk.http.SdkHttpClient")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(PREPARE, SdkHttpClientInstrumentation.class.getName() + "$PrepareAdvice");
  }

  @SuppressWarnings("unused")
  public static class PrepareAdvice {
    /** The request the client prepares carries an observing content provider when it is a provider call. */
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 0, index = 1, typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(0) Object request) {
      return AwsSyncExchange.prepare(request);
    }

    /** The prepared request goes back to the SDK wrapped: its {@code call()} is the exchange. */
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.Enter Object[] state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      return AwsSyncExchange.prepared(state, returned, thrown);
    }
  }
}
