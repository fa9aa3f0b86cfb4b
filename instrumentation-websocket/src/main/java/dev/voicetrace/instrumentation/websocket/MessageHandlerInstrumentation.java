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
 * {@code jakarta.websocket.MessageHandler} implementations: each message runs in the session of
 * the connection the handler was registered on, and text frames are read for telephony events.
 */
final class MessageHandlerInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> ON_MESSAGE =
      named("onMessage").and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(ON_MESSAGE).and(implementsInterface(named("jakarta.websocket.MessageHandler")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        ON_MESSAGE, MessageHandlerInstrumentation.class.getName() + "$OnMessageAdvice");
  }

  @SuppressWarnings("unused")
  public static class OnMessageAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.This Object handler, @Advice.AllArguments Object[] args) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      Object connection = runtime.connectionOf(handler);
      if (connection == null) {
        return null;
      }
      if (args.length > 0 && args[0] instanceof String) {
        runtime.inboundText(connection, (String) args[0]);
      }
      return runtime.enterConnection(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
