package dev.voicetrace.instrumentation.http.reactornetty;

import org.reactivestreams.Subscription;
import reactor.core.CoreSubscriber;
import reactor.util.context.Context;

/**
 * A subscriber that stands between a Reactor Netty publisher and its subscriber and relays every
 * signal and request unchanged; the hooks override the signals they observe and then relay them.
 */
abstract class RelaySubscriber implements CoreSubscriber<Object>, Subscription {
  final CoreSubscriber<? super Object> actual;
  Subscription upstream;

  RelaySubscriber(CoreSubscriber<? super Object> actual) {
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
