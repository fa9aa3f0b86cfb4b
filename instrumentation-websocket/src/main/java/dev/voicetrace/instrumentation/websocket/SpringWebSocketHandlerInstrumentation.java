package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** Spring {@code WebSocketHandler}: connection established, messages, transport errors, close. */
final class SpringWebSocketHandlerInstrumentation implements TypeInstrumentation {
  /** Hooked methods; a class that declares none of them is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> OPEN =
      named("afterConnectionEstablished").and(takesArguments(1)).and(not(isAbstract()));
  private static final ElementMatcher.Junction<MethodDescription> MESSAGE =
      named("handleMessage").and(takesArguments(2)).and(not(isAbstract()));
  private static final ElementMatcher.Junction<MethodDescription> TRANSPORT_ERROR =
      named("handleTransportError").and(takesArguments(2)).and(not(isAbstract()));
  private static final ElementMatcher.Junction<MethodDescription> CLOSE =
      named("afterConnectionClosed").and(takesArguments(2)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(OPEN.or(MESSAGE.or(TRANSPORT_ERROR.or(CLOSE))))
        .and(implementsInterface(named("org.springframework.web.socket.WebSocketHandler")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String prefix = SpringWebSocketHandlerInstrumentation.class.getName();
    transformer.applyAdviceToMethod(
        OPEN, prefix + "$OpenAdvice");
    transformer.applyAdviceToMethod(
        MESSAGE, prefix + "$MessageAdvice");
    transformer.applyAdviceToMethod(
        TRANSPORT_ERROR, prefix + "$MessageAdvice");
    transformer.applyAdviceToMethod(
        CLOSE, prefix + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static class OpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.Argument(0) Object session) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.connectionOpened(session, "websocket");
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }

  @SuppressWarnings("unused")
  public static class MessageAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.Argument(0) Object session, @Advice.Argument(1) Object message) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      if (message instanceof org.springframework.web.socket.TextMessage) {
        runtime.inboundText(session, ((org.springframework.web.socket.TextMessage) message).getPayload());
      }
      return runtime.enterConnection(session);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }

  @SuppressWarnings("unused")
  public static class CloseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.Argument(0) Object session) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.enterConnection(session);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Argument(0) Object session, @Advice.Enter AutoCloseable scope)
        throws Exception {
      if (scope != null) {
        scope.close();
      }
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.connectionClosed(session);
      }
    }
  }
}
