package dev.voicetrace.core.session;

/**
 * An SDK's retry loop on one thread (openai-java's {@code RetryingHttpClient.execute}): the HTTP
 * requests it makes are attempts of one provider call. The first attempt's stage span stays open
 * across failed attempts; when the loop ends, a last attempt that failed ends it, and a last attempt
 * that succeeded ends it as usual when its body has been consumed.
 */
final class RetryLoop {
  StageCall call;

  void ended() {
    StageCall c = call;
    if (c != null) {
      c.retryLoopEnded();
    }
  }
}
