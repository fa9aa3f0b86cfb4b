package dev.voicetrace.instrumentation.http.apache5;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
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

/**
 * {@code CloseableHttpClient} and its subclasses: every non-abstract {@code execute} (the public
 * overloads and their bridges; only the outermost on a thread reports) and {@code
 * doExecute(HttpHost, ClassicHttpRequest, HttpContext)}, the one method all of them funnel through.
 */
final class CloseableHttpClientInstrumentation implements TypeInstrumentation {
  private static final String CLIENT = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";
  private static final String REQUEST = "org.apache.hc.core5.http.ClassicHttpRequest";
  /** Hooked methods; a class that declares none of them is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> EXECUTE =
      isMethod().and(named("execute")).and(not(isAbstract()))
          .and(takesArgument(0, named(REQUEST)).or(takesArgument(1, named(REQUEST))));
  private static final ElementMatcher.Junction<MethodDescription> DO_EXECUTE =
      isMethod().and(named("doExecute")).and(not(isAbstract())).and(takesArguments(3))
          .and(takesArgument(1, named(REQUEST)));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(EXECUTE.or(DO_EXECUTE)).and(named(CLIENT).or(extendsClass(named(CLIENT))));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        EXECUTE,
        CloseableHttpClientInstrumentation.class.getName() + "$ExecuteAdvice");
    transformer.applyAdviceToMethod(
        DO_EXECUTE,
        CloseableHttpClientInstrumentation.class.getName() + "$DoExecuteAdvice");
  }

  @SuppressWarnings("unused")
  public static class ExecuteAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object first,
        @Advice.Argument(value = 1, optional = true, typing = Assigner.Typing.DYNAMIC) Object second) {
      return ApacheExchange.start(first, second);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object state,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      ApacheExchange.end(state, returned, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class DoExecuteAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned, @Advice.Thrown Throwable thrown) {
      ApacheExchange.executed(returned, thrown);
    }
  }
}
