package dev.voicetrace.instrumentation.http.apache4;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code CloseableHttpResponse.close()}: HttpClient 4 releases the connection there without closing the
 * content stream, so a body read partially and then closed this way (barge-in) is seen here.
 */
final class CloseableHttpResponseInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> CLOSE =
      isMethod().and(named("close")).and(takesArguments(0)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(CLOSE)
        .and(implementsInterface(named("org.apache.http.client.methods.CloseableHttpResponse")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(CLOSE,
        CloseableHttpResponseInstrumentation.class.getName() + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static class CloseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object response) {
      Apache4Exchange.responseClosing(response);
    }
  }
}
