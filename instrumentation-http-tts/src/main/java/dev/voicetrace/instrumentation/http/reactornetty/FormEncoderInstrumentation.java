package dev.voicetrace.instrumentation.http.reactornetty;

import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.returns;
import static net.bytebuddy.matcher.ElementMatchers.takesArgument;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * The bytes of a form sent with Reactor Netty's {@code sendForm} (a multipart transcription upload),
 * in Netty's {@code HttpPostRequestEncoder}, which Reactor Netty's form encoder extends: {@code
 * finalizeRequest()} returns the whole form when it is small, and {@code readChunk} hands out the
 * chunks of a larger one as the connection takes them. Only encoders of a provider call's {@code
 * sendForm} are read. Each is shown to the provider call without moving its indices; nothing else
 * changes.
 */
final class FormEncoderInstrumentation implements TypeInstrumentation {
  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    // Reactor Netty's HttpClientFormEncoder extends it and calls its readChunk: hooked once, here
    return named("io.netty.handler.codec.http.multipart.HttpPostRequestEncoder");
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String prefix = FormEncoderInstrumentation.class.getName();
    transformer.applyAdviceToMethod(named("finalizeRequest").and(takesArguments(0)), prefix + "$FinalizeAdvice");
    // the method itself, not the bridge that returns Object and calls it
    transformer.applyAdviceToMethod(
        named("readChunk").and(takesArguments(1)).and(takesArgument(0, named("io.netty.buffer.ByteBufAllocator")))
            .and(returns(named("io.netty.handler.codec.http.HttpContent"))),
        prefix + "$ReadChunkAdvice");
  }

  @SuppressWarnings("unused")
  public static class FinalizeAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This Object encoder, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object request) {
      ReactorNettyExchange.formFinalized(encoder, request);
    }
  }

  @SuppressWarnings("unused")
  public static class ReadChunkAdvice {
    @Advice.OnMethodExit(suppress = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This Object encoder, @Advice.Return(typing = Assigner.Typing.DYNAMIC) Object chunk) {
      ReactorNettyExchange.formChunk(encoder, chunk);
    }
  }
}
