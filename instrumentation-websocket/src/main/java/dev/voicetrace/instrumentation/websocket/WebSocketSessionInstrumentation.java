package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jakarta.websocket.Session}: {@code addMessageHandler} and {@code getBasicRemote()} /
 * {@code getAsyncRemote()} attach the handler or remote endpoint to the connection, so that a
 * message received or sent through them is known to belong to its call.
 */
final class WebSocketSessionInstrumentation implements TypeInstrumentation {
  /** Hooked methods; a class that declares none of them is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> ADD_HANDLER =
      named("addMessageHandler").and(not(isAbstract()));
  private static final ElementMatcher.Junction<MethodDescription> REMOTE =
      named("getBasicRemote").or(named("getAsyncRemote")).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(ADD_HANDLER.or(REMOTE)).and(implementsInterface(named("jakarta.websocket.Session")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        ADD_HANDLER,
        WebSocketSessionInstrumentation.class.getName() + "$AddHandlerAdvice");
    transformer.applyAdviceToMethod(
        REMOTE,
        WebSocketSessionInstrumentation.class.getName() + "$RemoteAdvice");
  }

  @SuppressWarnings("unused")
  public static class RemoteAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(@Advice.This Object session, @Advice.Return Object remote) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && remote != null) {
        runtime.attach(remote, session);
      }
    }
  }

  @SuppressWarnings("unused")
  public static class AddHandlerAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object session, @Advice.AllArguments Object[] args) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return;
      }
      for (Object arg : args) {
        if (arg instanceof jakarta.websocket.MessageHandler) {
          runtime.attach(arg, session);
        }
      }
    }
  }
}
