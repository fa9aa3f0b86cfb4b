package dev.voicetrace.instrumentation.http.okhttp;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.namedOneOf;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code Call.cancel()} (OkHttp 4.x/5.x {@code okhttp3.internal.connection.RealCall}, 3.x {@code
 * okhttp3.RealCall}): a speech or LLM response cancelled this way ends its span at the cancel,
 * {@code voice.cancelled}, before the socket is closed under the reader.
 */
final class OkHttpCallCancelInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return namedOneOf("okhttp3.internal.connection.RealCall", "okhttp3.RealCall");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("cancel").and(takesArguments(0)),
        OkHttpCallCancelInstrumentation.class.getName() + "$CancelAdvice");
  }

  @SuppressWarnings("unused")
  public static class CancelAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This Object call) {
      VoiceInterceptor.callCancelled(call);
    }
  }
}
