package dev.voicetrace.instrumentation.http.jdk;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.util.concurrent.Flow;

/**
 * Passes the application's body publisher through unchanged, showing the provider call each
 * buffer as the client sends it. It subscribes to the original publisher exactly once per send,
 * as the client itself would: a one-shot body is never read twice.
 */
final class ObservedBodyPublisher implements HttpRequest.BodyPublisher {
  private final HttpRequest.BodyPublisher delegate;
  private final ProviderCall call;

  ObservedBodyPublisher(HttpRequest.BodyPublisher delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public long contentLength() {
    return delegate.contentLength();
  }

  @Override
  public void subscribe(Flow.Subscriber<? super ByteBuffer> subscriber) {
    call.requestBodyStarted();
    delegate.subscribe(new ObservingSubscriber(subscriber, call));
  }

  static final class ObservingSubscriber implements Flow.Subscriber<ByteBuffer> {
    private final Flow.Subscriber<? super ByteBuffer> downstream;
    private final ProviderCall call;

    ObservingSubscriber(Flow.Subscriber<? super ByteBuffer> downstream, ProviderCall call) {
      this.downstream = downstream;
      this.call = call;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      downstream.onSubscribe(subscription);
    }

    @Override
    public void onNext(ByteBuffer item) {
      try {
        call.requestBody(item);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedBodyPublisher", failure);
        // observing must never disturb the send
      }
      downstream.onNext(item);
    }

    @Override
    public void onError(Throwable throwable) {
      downstream.onError(throwable);
    }

    @Override
    public void onComplete() {
      downstream.onComplete();
    }
  }
}
