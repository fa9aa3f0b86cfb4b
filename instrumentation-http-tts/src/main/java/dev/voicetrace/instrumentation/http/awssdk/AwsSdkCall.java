package dev.voicetrace.instrumentation.http.awssdk;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.util.concurrent.CompletionStage;
import software.amazon.awssdk.core.client.handler.ClientExecutionParams;

/**
 * One speech operation of the AWS SDK v2, opened when the SDK's client handler (synchronous or
 * asynchronous) starts executing it: before the SDK's interceptors (upstream's span among them), its
 * endpoint rules and its retry loop.
 * The endpoint is not known yet, so the call is opened with the vendor's default host; the first
 * attempt's HTTP client hook takes it over and names where the request really went. Any other
 * operation passes untouched.
 */
public final class AwsSdkCall {
  private static final String POLLY_SYNTHESIZE_SPEECH =
      "software.amazon.awssdk.services.polly.model.SynthesizeSpeechRequest";
  private static final String POLLY_SPEECH_URL = "https://polly.amazonaws.com/v1/speech";

  private AwsSdkCall() {}

  /** The request's URL as voicetrace's provider catalog knows it, or {@code null}: not a speech operation. */
  static String speechUrl(Object input) {
    return input != null && input.getClass().getName().equals(POLLY_SYNTHESIZE_SPEECH) ? POLLY_SPEECH_URL : null;
  }

  /**
   * A synchronous client's call, with the SDK's blocking retry loop: {@code {runtime, call, scope, retry
   * loop}}, or {@code null} when this is no speech call to open.
   */
  public static Object[] start(Object params) {
    return open(params, true);
  }

  /** An asynchronous client's call: its retry loop announces each attempt itself ({@code RetryingExecutor}). */
  public static Object[] startAsync(Object params) {
    return open(params, false);
  }

  private static Object[] open(Object params, boolean blockingRetries) {
    if (!(params instanceof ClientExecutionParams)) {
      return null;
    }
    String url = speechUrl(((ClientExecutionParams<?, ?>) params).getInput());
    VoiceRuntime runtime = url == null ? null : VoiceBridge.runtime();
    if (runtime == null) {
      return null;
    }
    Object loop = blockingRetries ? runtime.retriesStarting() : null;
    ProviderCall call = runtime.startExchange("aws-sdk", "POST", url, header -> null);
    if (call == null) { // the handler the SDK's handler delegates to, or no call voicetrace reports
      if (loop != null) {
        runtime.retriesEnded(loop);
      }
      return null;
    }
    return new Object[] {runtime, call, call.makeCurrent(), loop};
  }

  /**
   * The synchronous handler returned (the response object; a streamed body may still be read after
   * this) or threw. A call no HTTP client hook took over (an HTTP client voicetrace does not hook) ends here.
   */
  public static void end(Object[] state, Throwable thrown) {
    if (state == null) {
      return;
    }
    VoiceRuntime runtime = (VoiceRuntime) state[0];
    ProviderCall call = (ProviderCall) state[1];
    VoiceBridge.close((AutoCloseable) state[2]);
    endIfLeftToCaller(call, thrown);
    if (state[3] != null) {
      runtime.retriesEnded(state[3]); // a last attempt that failed ends the call now
    }
  }

  /**
   * The asynchronous handler returned its future (the exchange may not have started yet) or threw: a call
   * no HTTP client hook took over ends when the future completes.
   */
  public static void endAsync(Object[] state, Object returned, Throwable thrown) {
    if (state == null) {
      return;
    }
    ProviderCall call = (ProviderCall) state[1];
    VoiceBridge.close((AutoCloseable) state[2]);
    if (thrown == null && returned instanceof CompletionStage) {
      ((CompletionStage<?>) returned).whenComplete((response, error) -> endIfLeftToCaller(call, error));
    } else {
      endIfLeftToCaller(call, thrown);
    }
  }

  private static void endIfLeftToCaller(ProviderCall call, Throwable error) {
    if (call.leftToCaller()) {
      if (error != null) {
        call.failed(error);
      } else {
        call.completed();
      }
    }
  }
}
