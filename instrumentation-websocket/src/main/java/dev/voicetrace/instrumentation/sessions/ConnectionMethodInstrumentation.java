package dev.voicetrace.instrumentation.sessions;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/** The open and close methods of one configured connection-style handler (WebFlux, Netty, Javalin…). */
final class ConnectionMethodInstrumentation implements TypeInstrumentation {
  private final ConnectionMethodSpec spec;

  ConnectionMethodInstrumentation(ConnectionMethodSpec spec) {
    this.spec = spec;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(spec.className);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named(spec.openMethod).and(not(takesArguments(0))).and(not(isAbstract())),
        ConnectionMethodInstrumentation.class.getName() + "$OpenAdvice");
    transformer.applyAdviceToMethod(
        named(spec.closeMethod).and(not(takesArguments(0))).and(not(isAbstract())),
        ConnectionMethodInstrumentation.class.getName() + "$CloseAdvice");
  }

  @SuppressWarnings("unused")
  public static class OpenAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static AutoCloseable onEnter(@Advice.Argument(0) Object connection) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.connectionOpened(connection, "connection");
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
    public static AutoCloseable onEnter(@Advice.Argument(0) Object connection) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.enterConnection(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Argument(0) Object connection, @Advice.Enter AutoCloseable scope)
        throws Exception {
      if (scope != null) {
        scope.close();
      }
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null) {
        runtime.connectionClosed(connection);
      }
    }
  }
}
