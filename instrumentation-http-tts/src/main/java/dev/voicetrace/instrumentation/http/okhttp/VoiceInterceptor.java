package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.io.IOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Reports speech and LLM requests made through an OkHttp client. Other requests pass straight
 * through. The application gets back its own request object on the response, and a body that
 * yields exactly the bytes the network delivered, as they arrive.
 */
public final class VoiceInterceptor implements Interceptor {
  static final VoiceInterceptor INSTANCE = new VoiceInterceptor();
  /**
   * OkHttp call (weakly, by identity: {@code RealCall} keeps Object's equality) -> what its cancel
   * ends, so that {@code Call.cancel()} ends the span at the cancel.
   */
  private static final Map<Object, CancelHandle> CALLS =
      Collections.synchronizedMap(new WeakHashMap<Object, CancelHandle>());

  private VoiceInterceptor() {}

  public static void addTo(List<Interceptor> interceptors) {
    if (!interceptors.contains(INSTANCE)) {
      interceptors.add(0, INSTANCE);
    }
  }

  @Override
  public Response intercept(Chain chain) throws IOException {
    Request request = chain.request();
    VoiceRuntime runtime = VoiceBridge.runtime();
    ProviderCall call = null;
    if (runtime != null) {
      try {
        call = runtime.startHttpCall("okhttp", request.method(), request.url().toString(), request::header);
      } catch (Throwable ignored) {
        call = null;
      }
    }
    if (call == null) {
      return chain.proceed(request);
    }
    Request sent = request;
    RequestBody body = request.body();
    if (body != null && !body.isDuplex()) {
      sent = request.newBuilder().method(request.method(), new ObservedRequestBody(body, call)).build();
    }
    CancelHandle cancelHandle = new CancelHandle(call, chain.call());
    try {
      CALLS.put(chain.call(), cancelHandle);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("VoiceInterceptor", failure);
    }
    Response response;
    AutoCloseable scope = call.makeCurrent();
    try {
      response = chain.proceed(sent);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(cancelHandle.failure(e));
      cancelHandle.forget();
      throw e;
    } finally {
      VoiceBridge.close(scope);
    }
    Response.Builder out = response.newBuilder().request(request);
    try {
      call.responseHeaders(response.code(), response::header);
      ResponseBody responseBody = response.body();
      if (responseBody == null) {
        call.completed();
        cancelHandle.forget();
      } else {
        out.body(new ObservedResponseBody(responseBody, call, cancelHandle));
      }
    } catch (Throwable ignored) {
      return response;
    }
    return out.build();
  }

  /** {@code Call.cancel()} was called on {@code okCall}: its provider call, if any, ends as cancelled. */
  public static void callCancelled(Object okCall) {
    try {
      CancelHandle handle = CALLS.remove(okCall);
      if (handle != null) {
        handle.cancel();
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("VoiceInterceptor", failure);
    }
  }

  /** The exchange of {@code okCall} is over: a later {@code cancel()} has nothing to end. */
  static void forget(Object okCall) {
    try {
      CALLS.remove(okCall);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("VoiceInterceptor", failure);
    }
  }
}
