package dev.voicetrace.instrumentation.websocket.client;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Jetty's {@code JettyWebSocketFrameHandler}, one per connection, made around the application's endpoint (a
 * {@code Session.Listener} or an {@code @WebSocket} class) by {@code WebSocketClient.connect} on the connecting
 * thread. Made inside a call, it remembers that call's session the way a handed-off task does (weakly, by
 * identity), and its {@code onOpen}, {@code onFrame}, {@code onError} and {@code onClosed}, from which Jetty
 * calls the endpoint, run in that session. A handler made outside a call (a Jetty server's, or a connection
 * opened at start-up) remembers nothing and runs as before.
 */
final class JettyFrameHandlerInstrumentation implements TypeInstrumentation {
  static final String FRAME_HANDLER = "org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler";

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(FRAME_HANDLER);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor(),
        JettyFrameHandlerInstrumentation.class.getName() + "$MadeAdvice");
    transformer.applyAdviceToMethod(
        isPublic().and(namedOneOf("onOpen", "onFrame", "onError", "onClosed")).and(takesArguments(2)),
        JettyFrameHandlerInstrumentation.class.getName() + "$CallbackAdvice");
  }

  @SuppressWarnings("unused")
  public static class MadeAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Object handler) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.taskScheduled(handler);
      }
    }
  }

  @SuppressWarnings("unused")
  public static class CallbackAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.This Object handler) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.taskRunning(handler);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
