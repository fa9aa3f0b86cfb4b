package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jakarta.websocket.RemoteEndpoint} (basic and async): text the bot sends on a call — media
 * frames, playback marks, {@code clear} — tells when its audio went out and when it was cut.
 */
final class RemoteEndpointInstrumentation implements TypeInstrumentation {
  /** The hooked method; a class that does not declare it is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> SEND_TEXT =
      named("sendText").and(takesArgument(0, String.class)).and(not(isAbstract()));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(SEND_TEXT).and(implementsInterface(named("jakarta.websocket.RemoteEndpoint")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        SEND_TEXT,
        RemoteEndpointInstrumentation.class.getName() + "$SendTextAdvice");
  }

  @SuppressWarnings("unused")
  public static class SendTextAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object remote, @Advice.Argument(0) String text) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        Object connection = runtime.connectionOf(remote);
        if (connection != null) {
          runtime.outboundText(connection, text);
        }
      }
    }
  }
}
