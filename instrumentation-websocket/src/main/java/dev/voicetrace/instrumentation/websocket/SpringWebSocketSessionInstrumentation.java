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

/** Spring {@code WebSocketSession.sendMessage}: text the bot sends on a call (see the Jakarta twin). */
final class SpringWebSocketSessionInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> SEND =
      named("sendMessage").and(takesArguments(1)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(SEND).and(implementsInterface(named("org.springframework.web.socket.WebSocketSession")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        SEND,
        SpringWebSocketSessionInstrumentation.class.getName() + "$SendAdvice");
  }

  @SuppressWarnings("unused")
  public static class SendAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object session, @Advice.Argument(0) Object message) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && message instanceof org.springframework.web.socket.TextMessage) {
        runtime.outboundText(session, ((org.springframework.web.socket.TextMessage) message).getPayload());
      }
    }
  }
}
