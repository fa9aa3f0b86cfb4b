package dev.voicetrace.instrumentation.http.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code reactor.netty.http.client.HttpClientConnect.connect()}: the {@code Mono<Connection>} behind
 * every response API of the client (its subclasses {@code HttpClientFinalizer} and {@code
 * WebsocketFinalizer} inherit it).
 */
final class HttpClientConnectInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("reactor.netty.http.client.HttpClientConnect");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("connect").and(takesArguments(0)).and(returns(named("reactor.core.publisher.Mono"))),
        HttpClientConnectInstrumentation.class.getName() + "$ConnectAdvice");
  }

  @SuppressWarnings("unused")
  public static class ConnectAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static Object onExit(
        @Advice.This Object client, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object connect) {
      return ReactorNettyExchange.observeConnect(client, connect);
    }
  }
}
