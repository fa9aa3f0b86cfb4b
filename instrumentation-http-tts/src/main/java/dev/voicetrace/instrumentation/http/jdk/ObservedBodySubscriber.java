package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.instrumentation.http.io.ObservedInputStream;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

/**
 * Passes every buffer to the application's subscriber unchanged and at once, counting (or, for
 * SSE and JSON, reading) it on the way; completion, failure and cancellation end the call.
 *
 * <p>{@code BodyHandlers.ofInputStream()} is observed where the application reads instead: its
 * stream is handed out wrapped in an {@link ObservedInputStream}, so the bytes counted are the bytes
 * the application read, and the call ends at the application's end of stream or close (a close
 * before the end is a cancel), not when the network delivered the last buffer into the stream's
 * queue. Arrivals still mark the time to first byte; a network failure still fails the call at once.
 */
final class ObservedBodySubscriber<T> implements HttpResponse.BodySubscriber<T> {
  private static final String JDK_INPUT_STREAM =
      "jdk.internal.net.http.ResponseSubscribers$HttpResponseInputStream";

  private final HttpResponse.BodySubscriber<T> delegate;
  private final ProviderCall call;
  /** The application reads the body as an {@code InputStream} we observe: the stream reports bytes and ends. */
  private final boolean readAsStream;

  ObservedBodySubscriber(HttpResponse.BodySubscriber<T> delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
    this.readAsStream = JDK_INPUT_STREAM.equals(delegate.getClass().getName());
  }

  HttpResponse.BodySubscriber<T> delegate() {
    return delegate;
  }

  @Override
  @SuppressWarnings("unchecked")
  public CompletionStage<T> getBody() {
    CompletionStage<T> body = delegate.getBody();
    if (!readAsStream) {
      return body;
    }
    return body.thenApply(in -> in instanceof InputStream ? (T) new ObservedInputStream((InputStream) in, call) : in);
  }

  @Override
  public void onSubscribe(Flow.Subscription subscription) {
    delegate.onSubscribe(new ObservedSubscription(subscription, call));
  }

  @Override
  public void onNext(List<ByteBuffer> items) {
    try {
      if (readAsStream) {
        call.responseBodyArrived();
      } else {
        for (ByteBuffer item : items) {
          call.responseBody(item);
        }
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedBodySubscriber", failure);
      // observing must never disturb the response
    }
    delegate.onNext(items);
  }

  @Override
  public void onError(Throwable throwable) {
    call.failed(throwable);
    delegate.onError(throwable);
  }

  @Override
  public void onComplete() {
    if (!readAsStream) {
      call.completed(); // a stream's end is the application's end of stream
    }
    delegate.onComplete();
  }

  /** Reports the application's cancel (a closed input stream, an abandoned publisher). */
  static final class ObservedSubscription implements Flow.Subscription {
    private final Flow.Subscription delegate;
    private final ProviderCall call;

    ObservedSubscription(Flow.Subscription delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void request(long n) {
      delegate.request(n);
    }

    @Override
    public void cancel() {
      call.cancelled();
      delegate.cancel();
    }
  }
}
