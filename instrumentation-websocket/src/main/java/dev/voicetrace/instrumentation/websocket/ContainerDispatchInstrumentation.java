package dev.voicetrace.instrumentation.websocket;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * Where containers hand a message to the application's handlers. Handlers written as lambdas are
 * hidden classes that no agent can instrument, so the session is entered one step earlier, in the
 * container: Tyrus {@code TyrusSession.notifyMessageHandlers}, Tomcat {@code
 * WsFrameBase.sendMessageText/Binary}.
 */
final class ContainerDispatchInstrumentation {
  private ContainerDispatchInstrumentation() {}

  /** Tyrus: the session itself dispatches; text frames are read for telephony events here too. */
  static final class Tyrus implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("org.glassfish.tyrus.core.TyrusSession");
    }

    @Override
    public void transform(TypeTransformer transformer) {
      transformer.applyAdviceToMethod(
          named("notifyMessageHandlers").and(takesArguments(2)),
          ContainerDispatchInstrumentation.class.getName() + "$TyrusAdvice");
    }
  }

  /** Tomcat: the frame reader of one session dispatches. */
  static final class Tomcat implements TypeInstrumentation {
    @Override
    public ElementMatcher<TypeDescription> typeMatcher() {
      return named("org.apache.tomcat.websocket.WsFrameBase");
    }

    @Override
    public void transform(TypeTransformer transformer) {
      transformer.applyAdviceToMethod(
          named("sendMessageText").or(named("sendMessageBinary")),
          ContainerDispatchInstrumentation.class.getName() + "$TomcatAdvice");
    }
  }

  @SuppressWarnings("unused")
  public static class TyrusAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.This Object session, @Advice.Argument(0) Object message) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      if (message instanceof String) {
        runtime.inboundText(session, (String) message);
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
  public static class TomcatAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.FieldValue("wsSession") Object session) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.enterConnection(session);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }
}
