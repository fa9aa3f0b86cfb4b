package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.implementsInterface;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code jakarta.websocket.RemoteEndpoint} (basic and async): text the bot sends on a call — media
 * frames, playback marks, {@code clear} — tells when its audio went out and when it was cut.
 */
final class RemoteEndpointInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return implementsInterface(named("jakarta.websocket.RemoteEndpoint"));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("sendText").and(takesArgument(0, String.class)).and(not(isAbstract())),
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
