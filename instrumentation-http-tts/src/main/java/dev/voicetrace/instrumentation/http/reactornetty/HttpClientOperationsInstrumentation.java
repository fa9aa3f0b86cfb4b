package dev.voicetrace.instrumentation.http.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code reactor.netty.http.client.HttpClientOperations.send(Publisher)}: the request body, whichever
 * of {@code send}, {@code sendString}, {@code sendByteArray} the application (or Spring's {@code
 * ReactorClientHttpRequest}) used; they all end here.
 */
final class HttpClientOperationsInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("reactor.netty.http.client.HttpClientOperations");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("send").and(takesArguments(1)).and(takesArgument(0, named("org.reactivestreams.Publisher"))),
        HttpClientOperationsInstrumentation.class.getName() + "$SendAdvice");
  }

  /** Also applied to {@code ChannelOperations.sendObject(Publisher, Predicate)}. */
  @SuppressWarnings("unused")
  public static class SendAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 0, typing = Assigner.Typing.DYNAMIC))
    public static Object onEnter(
        @Advice.This Object operations, @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object body) {
      return ReactorNettyExchange.observeRequestBody(operations, body);
    }
  }
}
