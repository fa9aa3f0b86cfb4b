package dev.voicetrace.instrumentation.http.webclient;

import static net.bytebuddy.matcher.ElementMatchers.isConstructor;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code DefaultWebClient}'s constructor, which every {@code WebClient.builder().build()} and {@code
 * mutate()} ends in: its filter chain (argument 1, {@code null} when there is none) gets voicetrace's
 * filter outside all the others — including upstream's tracing filter, whichever added it first.
 */
final class DefaultWebClientInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("org.springframework.web.reactive.function.client.DefaultWebClient");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        isConstructor().and(takesArgument(
            1, named("org.springframework.web.reactive.function.client.ExchangeFilterFunction"))),
        DefaultWebClientInstrumentation.class.getName() + "$ConstructorAdvice");
  }

  @SuppressWarnings("unused")
  public static class ConstructorAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    @Advice.AssignReturned.ToArguments(
        @Advice.AssignReturned.ToArguments.ToArgument(value = 1, index = 0, typing = Assigner.Typing.DYNAMIC))
    public static Object[] onEnter(@Advice.Argument(1) Object filters) {
      return new Object[] {VoiceExchangeFilter.outermost(filters)};
    }
  }
}
