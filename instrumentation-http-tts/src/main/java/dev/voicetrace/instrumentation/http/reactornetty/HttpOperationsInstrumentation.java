package dev.voicetrace.instrumentation.http.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code reactor.netty.http.HttpOperations.sendObject(Object)}: a request body sent as one message
 * ({@code NettyOutbound.sendObject(byteBuf)}). A {@code ByteBuf} is written here; anything else goes on to
 * {@code ChannelOperations.sendObject(Object)}, which is not hooked, so a message is seen once.
 */
final class HttpOperationsInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("reactor.netty.http.HttpOperations");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("sendObject").and(takesArguments(1)).and(takesArgument(0, named("java.lang.Object"))),
        HttpOperationsInstrumentation.class.getName() + "$SendObjectAdvice");
  }

  @SuppressWarnings("unused")
  public static class SendObjectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object operations, @Advice.Argument(0) Object message) {
      ReactorNettyExchange.requestMessage(operations, message);
    }
  }
}
