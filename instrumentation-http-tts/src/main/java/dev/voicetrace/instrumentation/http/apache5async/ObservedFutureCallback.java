package dev.voicetrace.instrumentation.http.apache5async;

import dev.voicetrace.bootstrap.ProviderCall;
import org.apache.hc.core5.concurrent.FutureCallback;

/**
 * The callback of the future {@code execute} returns (the application's, or none): the future's
 * cancel — the application giving up on the response, barge-in — cancels the call before the client
 * tears the exchange down; a failure of the future fails it (a no-op when the consumer already
 * reported the end). Completion is left to the consumer, which sees the body's end. The
 * application's callback, if any, is then called exactly as before.
 */
final class ObservedFutureCallback<T> implements FutureCallback<T> {
  private final FutureCallback<T> delegate;
  private final ProviderCall call;

  @SuppressWarnings("unchecked")
  ObservedFutureCallback(FutureCallback<?> delegate, ProviderCall call) {
    this.delegate = (FutureCallback<T>) delegate;
    this.call = call;
  }

  @Override
  public void completed(T result) {
    if (delegate != null) {
      delegate.completed(result);
    }
  }

  @Override
  public void failed(Exception ex) {
    call.failed(ex);
    if (delegate != null) {
      delegate.failed(ex);
    }
  }

  @Override
  public void cancelled() {
    call.cancelled();
    if (delegate != null) {
      delegate.cancelled();
    }
  }
}
