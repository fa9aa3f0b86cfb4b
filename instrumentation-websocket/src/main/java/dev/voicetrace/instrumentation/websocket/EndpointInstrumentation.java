package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code jakarta.websocket.Endpoint} subclasses: onOpen opens the session, onClose ends it. */
final class EndpointInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return extendsClass(named("jakarta.websocket.Endpoint"));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("onOpen").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session")))
            .and(not(isAbstract())),
        EndpointInstrumentation.class.getName() + "$OnOpenAdvice");
    transformer.applyAdviceToMethod(
        named("onClose").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session"))),
        EndpointInstrumentation.class.getName() + "$OnCloseAdvice");
    transformer.applyAdviceToMethod(
        named("onError").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session"))),
        EndpointInstrumentation.class.getName() + "$CallbackAdvice");
  }

  @SuppressWarnings("unused")
  public static class OnOpenAdvice {
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
  public static class OnCloseAdvice {
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

  @SuppressWarnings("unused")
  public static class CallbackAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.Argument(0) Object session) {
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
