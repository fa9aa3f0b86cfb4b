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
 * {@code reactor.netty.channel.ChannelOperations}:
 *
 * <ul>
 *   <li>{@code receiveObject()}, the inbound body of a connection, which {@code receive()}, {@code
 *       responseContent()}, {@code responseSingle} and Spring's {@code ReactorClientHttpResponse} all
 *       subscribe to;
 *   <li>{@code sendObject(Publisher, Predicate)}, a request body of buffers or HTTP contents sent with
 *       {@code NettyOutbound.sendObject(Publisher)} (a path of its own: {@code send} does not go through it).
 * </ul>
 *
 * Only a request whose Reactor context holds a provider call gets an observed body; servers, WebSockets
 * and other requests get theirs untouched.
 */
final class ChannelOperationsInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("reactor.netty.channel.ChannelOperations");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("receiveObject").and(takesArguments(0)),
        ChannelOperationsInstrumentation.class.getName() + "$ReceiveAdvice");
    transformer.applyAdviceToMethod(
        named("sendObject").and(takesArguments(2)).and(takesArgument(0, named("org.reactivestreams.Publisher"))),
        // the advice of send(Publisher): the publisher is observed the same way
        HttpClientOperationsInstrumentation.class.getName() + "$SendAdvice");
  }

  @SuppressWarnings("unused")
  public static class ReceiveAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This Object operations, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object inbound) {
      return ReactorNettyExchange.observeResponseBody(operations, inbound);
    }
  }
}
