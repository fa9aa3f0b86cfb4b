package dev.voicetrace.instrumentation.http.urlconnection;

import static io.opentelemetry.javaagent.extension.matcher.AgentElementMatchers.extendsClass;
import static net.bytebuddy.matcher.ElementMatchers.declaresMethod;
import static net.bytebuddy.matcher.ElementMatchers.isAbstract;
import static net.bytebuddy.matcher.ElementMatchers.isMethod;
import static net.bytebuddy.matcher.ElementMatchers.isPublic;
import static net.bytebuddy.matcher.ElementMatchers.named;
import static net.bytebuddy.matcher.ElementMatchers.not;
import static net.bytebuddy.matcher.ElementMatchers.takesArguments;

import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import io.opentelemetry.javaagent.extension.instrumentation.TypeTransformer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.method.MethodDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.implementation.bytecode.assign.Assigner;
import net.bytebuddy.matcher.ElementMatcher;

/**
 * {@code java.net.HttpURLConnection} and its subclasses: {@code connect}, {@code getOutputStream}
 * (request bytes observed as the application writes them), {@code getResponseCode}, {@code
 * getInputStream} (the stream is observed: end of body, close, failure) and {@code disconnect}.
 * Only the outermost of these calls on a thread reports (the implementation calls itself).
 */
final class HttpUrlConnectionInstrumentation implements TypeInstrumentation {
  private static final String CONNECTION = "java.net.HttpURLConnection";
  private static final ElementMatcher.Junction<MethodDescription> HOOKED =
      method("connect").or(method("getOutputStream")).or(method("getInputStream")).or(method("getResponseCode"))
          .or(method("disconnect"));

  @Override
  public ElementMatcher<TypeDescription> typeMatcher() {
    // the declared-method test first: it reads only this class, the hierarchy test reads its supertypes
    return declaresMethod(HOOKED).and(named(CONNECTION).or(extendsClass(named(CONNECTION))));
  }

  @Override
  public void transform(TypeTransformer transformer) {
    String p = HttpUrlConnectionInstrumentation.class.getName();
    transformer.applyAdviceToMethod(method("connect"), p + "$ConnectAdvice");
    transformer.applyAdviceToMethod(method("getOutputStream"), p + "$GetOutputStreamAdvice");
    transformer.applyAdviceToMethod(method("getInputStream"), p + "$GetInputStreamAdvice");
    transformer.applyAdviceToMethod(method("getResponseCode"), p + "$GetResponseCodeAdvice");
    transformer.applyAdviceToMethod(method("disconnect"), p + "$DisconnectAdvice");
  }

  private static ElementMatcher.Junction<MethodDescription> method(String name) {
    return isMethod().and(isPublic()).and(not(isAbstract())).and(named(name)).and(takesArguments(0));
  }

  @SuppressWarnings("unused")
  public static class ConnectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.This HttpURLConnection connection) {
      return UrlConnectionCall.enter(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(@Advice.Enter Object[] state, @Advice.Thrown Throwable thrown) {
      UrlConnectionCall.connected(state, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class GetOutputStreamAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.This HttpURLConnection connection) {
      return UrlConnectionCall.enter(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static OutputStream onExit(
        @Advice.Enter Object[] state,
        @Advice.Return OutputStream returned,
        @Advice.Thrown Throwable thrown) {
      return UrlConnectionCall.outputStream(state, returned, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class GetInputStreamAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.This HttpURLConnection connection) {
      return UrlConnectionCall.enter(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    @Advice.AssignReturned.ToReturned(typing = Assigner.Typing.DYNAMIC)
    public static InputStream onExit(
        @Advice.This HttpURLConnection connection,
        @Advice.Enter Object[] state,
        @Advice.Return InputStream returned,
        @Advice.Thrown Throwable thrown) {
      return UrlConnectionCall.inputStream(state, connection, returned, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class GetResponseCodeAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static Object[] onEnter(@Advice.This HttpURLConnection connection) {
      return UrlConnectionCall.enter(connection);
    }

    @Advice.OnMethodExit(suppress = Throwable.class, onThrowable = Throwable.class, inline = false)
    public static void onExit(
        @Advice.This HttpURLConnection connection,
        @Advice.Enter Object[] state,
        @Advice.Return int code,
        @Advice.Thrown Throwable thrown) {
      UrlConnectionCall.responseCode(state, connection, code, thrown);
    }
  }

  @SuppressWarnings("unused")
  public static class DisconnectAdvice {
    @Advice.OnMethodEnter(suppress = Throwable.class, inline = false)
    public static void onEnter(@Advice.This HttpURLConnection connection) {
      UrlConnectionCall.disconnecting(connection);
    }
  }
}
