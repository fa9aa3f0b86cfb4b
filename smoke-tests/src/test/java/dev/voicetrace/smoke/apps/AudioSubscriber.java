package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;

/**
 * A bot's own subscriber to a JDK {@code HttpClient} body ({@code ofPublisher()}'s publisher, or {@code
 * fromSubscriber}): requests one list of buffers at a time and keeps the bytes; {@code atEnd} runs as the body
 * ends, then {@link #done} completes with the bytes (exceptionally on the body's error).
 */
final class AudioSubscriber implements Flow.Subscriber<List<ByteBuffer>> {
  final CompletableFuture<byte[]> done = new CompletableFuture<>();
  private final ByteArrayOutputStream audio = new ByteArrayOutputStream();
  private final Runnable atEnd;
  private Flow.Subscription subscription;

  AudioSubscriber(Runnable atEnd) {
    this.atEnd = atEnd;
  }

  @Override
  public void onSubscribe(Flow.Subscription s) {
    subscription = s;
    s.request(1);
  }

  @Override
  public void onNext(List<ByteBuffer> buffers) {
    for (ByteBuffer b : buffers) {
      byte[] bytes = new byte[b.remaining()];
      b.get(bytes);
      audio.write(bytes, 0, bytes.length);
    }
    subscription.request(1);
  }

  @Override
  public void onError(Throwable error) {
    done.completeExceptionally(error);
  }

  @Override
  public void onComplete() {
    atEnd.run();
    done.complete(bytes());
  }

  byte[] bytes() {
    return audio.toByteArray();
  }
}
