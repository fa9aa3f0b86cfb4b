package dev.voicetrace.instrumentation.websocket;

import static net.bytebuddy.matcher.ElementMatchers.isAnnotatedWith;
import static net.bytebuddy.matcher.ElementMatchers.named;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code @ServerEndpoint} classes: {@code @OnOpen} opens the session, {@code @OnMessage} runs in
 * it (and text frames are read for telephony events), {@code @OnClose} ends it. Containers that wrap
 * annotated endpoints in an {@code Endpoint} reach the same session: opening is idempotent per
 * connection.
 */
final class AnnotatedEndpointInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return isAnnotatedWith(named("jakarta.websocket.server.ServerEndpoint"));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String prefix = AnnotatedEndpointInstrumentation.class.getName();
    transformer.applyAdviceToMethod(isAnnotatedWith(named("jakarta.websocket.OnOpen")), prefix + "$OnOpenAdvice");
    transformer.applyAdviceToMethod(isAnnotatedWith(named("jakarta.websocket.OnMessage")), prefix + "$OnMessageAdvice");
    transformer.applyAdviceToMethod(isAnnotatedWith(named("jakarta.websocket.OnError")), prefix + "$OnMessageAdvice");
    transformer.applyAdviceToMethod(isAnnotatedWith(named("jakarta.websocket.OnClose")), prefix + "$OnCloseAdvice");
  }

  @SuppressWarnings("unused")
  public static class OnOpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.AllArguments Object[] args) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      for (Object arg : args) {
        if (arg instanceof jakarta.websocket.Session) {
          return runtime.connectionOpened(arg, "websocket");
        }
      }
      return null;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter AutoCloseable scope) throws Exception {
      if (scope != null) {
        scope.close();
      }
    }
  }

  @SuppressWarnings("unused")
  public static class OnMessageAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.AllArguments Object[] args) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      Object connection = null;
      String text = null;
      for (Object arg : args) {
        if (arg instanceof jakarta.websocket.Session) {
          connection = arg;
        } else if (arg instanceof String && text == null) {
          text = (String) arg;
        }
      }
      if (connection == null) {
        return null;
      }
      if (text != null) {
        runtime.inboundText(connection, text);
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

  @SuppressWarnings("unused")
  public static class OnCloseAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.AllArguments Object[] args) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return null;
      }
      for (Object arg : args) {
        if (arg instanceof jakarta.websocket.Session) {
          return runtime.enterConnection(arg);
        }
      }
      return null;
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.AllArguments Object[] args, @Advice.Enter AutoCloseable scope)
        throws Exception {
      if (scope != null) {
        scope.close();
      }
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime == null) {
        return;
      }
      for (Object arg : args) {
        if (arg instanceof jakarta.websocket.Session) {
          runtime.connectionClosed(arg);
        }
      }
    }
  }
}
