package dev.voicetrace.instrumentation.http.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import dev.voicetrace.bootstrap.VoiceBridge;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code reactor.netty.http.client.HttpClientConnect$MonoHttpConnect.subscribe}: the connection of one
 * request, subscribed with its resolved configuration. Only a request whose URI was given as a {@code
 * Mono} ({@code uri(Mono)}) starts its provider call here, where its URL is first known; {@link
 * ObservedConnect} starts every other one before.
 */
final class MonoHttpConnectInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    return named("reactor.netty.http.client.HttpClientConnect$MonoHttpConnect");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    transformer.applyAdviceToMethod(
        named("subscribe").and(takesArguments(1)),
        MonoHttpConnectInstrumentation.class.getName() + "$SubscribeAdvice");
  }

  @SuppressWarnings("unused")
  public static class SubscribeAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object onEnter(@Advice.FieldValue("config") Object config, @Advice.Argument(0) Object subscriber) {
      return ReactorNettyExchange.deferredConnect(config, subscriber);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object scope) {
      VoiceBridge.close(scope);
    }
  }
}
