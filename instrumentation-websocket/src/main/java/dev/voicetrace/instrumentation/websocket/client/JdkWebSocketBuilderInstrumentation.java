package dev.voicetrace.instrumentation.websocket.client;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.net.http.WebSocket;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code WebSocket.Builder.buildAsync(uri, listener)}: the listener is wrapped for the current session. */
final class JdkWebSocketBuilderInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("jdk.internal.net.http.websocket.BuilderImpl");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("buildAsync").and(takesArguments(2)),
        JdkWebSocketBuilderInstrumentation.class.getName() + "$BuildAsyncAdvice");
  }

  @SuppressWarnings("unused")
  public static class BuildAsyncAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 1, typing = Assigner.Typing.DYNAMIC))
    public static WebSocket.Listener onEnter(@Advice.Argument(1) WebSocket.Listener listener) {
      return JdkSessionListener.wrap(listener);
    }
  }
}
