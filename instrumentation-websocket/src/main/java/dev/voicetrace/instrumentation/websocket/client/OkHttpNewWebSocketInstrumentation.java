package dev.voicetrace.instrumentation.websocket.client;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;
import okhttp3.WebSocketListener;

/** {@code OkHttpClient.newWebSocket(request, listener)}: the listener is wrapped for the current session. */
final class OkHttpNewWebSocketInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("okhttp3.OkHttpClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("newWebSocket").and(takesArguments(2)),
        OkHttpNewWebSocketInstrumentation.class.getName() + "$NewWebSocketAdvice");
  }

  @SuppressWarnings("unused")
  public static class NewWebSocketAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 1, typing = Assigner.Typing.DYNAMIC))
    public static WebSocketListener onEnter(@Advice.Argument(1) WebSocketListener listener) {
      return OkHttpSessionListener.wrap(listener);
    }
  }
}
