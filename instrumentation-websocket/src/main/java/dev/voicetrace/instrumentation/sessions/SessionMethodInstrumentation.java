package dev.voicetrace.instrumentation.sessions;

import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.not;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/** Opens a session around each configured method of one class. */
final class SessionMethodInstrumentation implements TypeInstrumentation {
  private final SessionMethodSpec spec;

  SessionMethodInstrumentation(SessionMethodSpec spec) {
    this.spec = spec;
  }

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named(spec.className);
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        namedOneOf(spec.methods.toArray(new String[0])).and(not(isAbstract())),
        SessionMethodInstrumentation.class.getName() + "$SessionMethodAdvice");
  }

  @SuppressWarnings("unused")
  public static class SessionMethodAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.Origin("#t.#m") String method) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      return runtime == null ? null : runtime.methodEntered(method);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.Enter Object token,
        @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      VoiceRuntime runtime = VoiceBridge.runtime();
      if (runtime != null && token != null) {
        runtime.methodExited(token, returned, thrown);
      }
    }
  }
}
