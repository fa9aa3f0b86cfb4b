package dev.voicetrace.instrumentation.websocket;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** {@code jakarta.websocket.Endpoint} subclasses: onOpen opens the session, onClose ends it. */
final class EndpointInstrumentation implements TypeInstrumentation {
  /** Hooked methods; a class that declares none of them is left alone without reading its supertypes. */
  private static final ElementMatcher.Junction<MethodDescription> ON_OPEN =
      named("onOpen").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session")))
          .and(not(isAbstract()));
  private static final ElementMatcher.Junction<MethodDescription> ON_CLOSE =
      named("onClose").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session")));
  private static final ElementMatcher.Junction<MethodDescription> ON_ERROR =
      named("onError").and(takesArguments(2)).and(takesArgument(0, named("jakarta.websocket.Session")));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return declaresMethod(ON_OPEN.or(ON_CLOSE.or(ON_ERROR)))
        .and(extendsClass(named("jakarta.websocket.Endpoint")));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        ON_OPEN,
        EndpointInstrumentation.class.getName() + "$OnOpenAdvice");
    transformer.applyAdviceToMethod(
        ON_CLOSE,
        EndpointInstrumentation.class.getName() + "$OnCloseAdvice");
    transformer.applyAdviceToMethod(
        ON_ERROR,
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
