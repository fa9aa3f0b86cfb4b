package dev.voicetrace.instrumentation.http.reactor;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * A subscriber that stands between a Reactor publisher (Reactor Netty's, Spring {@code WebClient}'s)
 * and its subscriber and relays every signal and request unchanged; the hooks override the signals
 * they observe and then relay them.
 */
public abstract class RelaySubscriber implements CoreSubscriber<Object>, Subscription {
  protected final CoreSubscriber<? super Object> actual;
  protected Subscription upstream;

  protected RelaySubscriber(CoreSubscriber<? super Object> actual) {
    this.actual = actual;
  }

  @Override
  public Context currentContext() {
    return actual.currentContext();
  }

  @Override
  public void onSubscribe(Subscription s) {
    upstream = s;
    actual.onSubscribe(this);
  }

  @Override
  public void onNext(Object item) {
    actual.onNext(item);
  }

  @Override
  public void onError(Throwable error) {
    actual.onError(error);
  }

  @Override
  public void onComplete() {
    actual.onComplete();
  }

  @Override
  public void request(long n) {
    upstream.request(n);
  }

  @Override
  public void cancel() {
    upstream.cancel();
  }
}
