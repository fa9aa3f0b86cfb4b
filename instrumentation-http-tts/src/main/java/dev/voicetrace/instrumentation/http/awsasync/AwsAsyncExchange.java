package dev.voicetrace.instrumentation.http.awsasync;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.http.async.AsyncExecuteRequest;
import software.amazon.awssdk.http.async.SdkAsyncHttpResponseHandler;
import software.amazon.awssdk.http.async.SdkHttpContentPublisher;

/**
 * One AWS SDK asynchronous HTTP exchange seen by the {@code execute} advice: starts the provider call
 * and hands the client a copy of the request whose content publisher and response handler let the
 * call see the bytes and signals as they pass. Everything else the SDK passed goes through untouched.
 */
public final class AwsAsyncExchange {
  final ProviderCall call;
  final AutoCloseable scope;

  private AwsAsyncExchange(ProviderCall call, AutoCloseable scope) {
    this.call = call;
    this.scope = scope;
  }

  /** Returns {state, request} for the advice: state is {@code null} for requests that are no provider call. */
  public static Object[] start(Object request) {
    Object[] untouched = new Object[] {null, request};
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (runtime == null || !(request instanceof AsyncExecuteRequest)) {
      return untouched;
    }
    AsyncExecuteRequest original = (AsyncExecuteRequest) request;
    SdkHttpRequest http = original.request();
    if (http == null || original.responseHandler() == null) {
      return untouched;
    }
    ProviderCall call = runtime.startHttpCall("aws-sdk-async", http.method().name(), http.getUri().toString(),
        name -> http.firstMatchingHeader(name).orElse(null));
    if (call == null) {
      return untouched;
    }
    AutoCloseable scope = call.makeCurrent();
    try {
      return new Object[] {new AwsAsyncExchange(call, scope), observed(original, call)};
    } catch (Throwable unexpected) { // an SDK whose request cannot be copied: the call is not observed
      VoiceBridge.close(scope);
      call.failed(unexpected);
      VoiceBridge.swallowed("AwsAsyncExchange", unexpected);
      return untouched;
    }
  }

  public static void end(Object[] state, Object returned, Throwable thrown) {
    if (state == null || !(state[0] instanceof AwsAsyncExchange)) {
      return;
    }
    AwsAsyncExchange exchange = (AwsAsyncExchange) state[0];
    VoiceBridge.close(exchange.scope);
    exchange.call.sendReturned(returned, thrown);
  }

  /** A copy of the request with every field the SDK set, its content and response handler observed. */
  static AsyncExecuteRequest observed(AsyncExecuteRequest original, ProviderCall call) {
    AsyncExecuteRequest.Builder b = AsyncExecuteRequest.builder()
        .request(original.request())
        .responseHandler(new ObservedHandler(original.responseHandler(), call))
        .fullDuplex(original.fullDuplex())
        .httpExecutionAttributes(original.httpExecutionAttributes());
    SdkHttpContentPublisher content = original.requestContentPublisher();
    b.requestContentPublisher(content == null ? null : new ObservedContent(content, call));
    Optional<software.amazon.awssdk.metrics.MetricCollector> metrics = original.metricCollector();
    if (metrics.isPresent()) {
      b.metricCollector(metrics.get());
    }
    return b.build();
  }

  /** The request body as the client subscribes to it (once per attempt), every buffer passed on unchanged. */
  static final class ObservedContent implements SdkHttpContentPublisher {
    private final SdkHttpContentPublisher delegate;
    private final ProviderCall call;

    ObservedContent(SdkHttpContentPublisher delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public Optional<Long> contentLength() {
      return delegate.contentLength();
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      call.requestBodyStarted();
      delegate.subscribe(new ObservingSubscriber(subscriber, call, false));
    }
  }

  /** The SDK's response handler: headers, the body stream and failures seen on their way to it. */
  static final class ObservedHandler implements SdkAsyncHttpResponseHandler {
    private final SdkAsyncHttpResponseHandler delegate;
    private final ProviderCall call;

    ObservedHandler(SdkAsyncHttpResponseHandler delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void onHeaders(SdkHttpResponse headers) {
      try {
        call.responseHeaders(headers.statusCode(), name -> headers.firstMatchingHeader(name).orElse(null));
      } catch (Throwable failure) {
        VoiceBridge.swallowed("AwsAsyncExchange headers", failure);
      }
      delegate.onHeaders(headers);
    }

    @Override
    public void onStream(Publisher<ByteBuffer> stream) {
      delegate.onStream(stream == null ? null : new ObservedStream(stream, call));
    }

    @Override
    public void onError(Throwable error) {
      call.failed(error);
      delegate.onError(error);
    }
  }

  /** The response body: its buffers counted (or read) as they reach the SDK; its end, cancel or failure ends the call. */
  static final class ObservedStream implements Publisher<ByteBuffer> {
    private final Publisher<ByteBuffer> delegate;
    private final ProviderCall call;
    private final java.util.concurrent.atomic.AtomicBoolean subscribed = new java.util.concurrent.atomic.AtomicBoolean();

    ObservedStream(Publisher<ByteBuffer> delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public void subscribe(Subscriber<? super ByteBuffer> subscriber) {
      if (subscribed.compareAndSet(false, true)) {
        delegate.subscribe(new ObservingSubscriber(subscriber, call, true));
      } else {
        delegate.subscribe(subscriber); // the publisher answers a second subscriber by itself
      }
    }
  }

  /**
   * Passes every signal of a request or response body on unchanged, telling the call the bytes (and, for a
   * response, its end, failure or cancel: a request body's end is not the call's).
   */
  static final class ObservingSubscriber implements Subscriber<ByteBuffer> {
    private final Subscriber<? super ByteBuffer> actual;
    private final ProviderCall call;
    private final boolean response;

    ObservingSubscriber(Subscriber<? super ByteBuffer> actual, ProviderCall call, boolean response) {
      this.actual = actual;
      this.call = call;
      this.response = response;
    }

    @Override
    public void onSubscribe(Subscription s) {
      actual.onSubscribe(response ? new ObservedSubscription(s, call) : s);
    }

    @Override
    public void onNext(ByteBuffer bytes) {
      try {
        if (response) {
          call.responseBody(bytes);
        } else {
          call.requestBody(bytes);
        }
      } catch (Throwable failure) {
        VoiceBridge.swallowed("AwsAsyncExchange", failure);
      }
      actual.onNext(bytes);
    }

    @Override
    public void onError(Throwable error) {
      if (response) {
        call.failed(error);
      }
      actual.onError(error);
    }

    @Override
    public void onComplete() {
      if (response) {
        call.completed();
      }
      actual.onComplete();
    }
  }

  /** The SDK's subscription to a response body: its cancel cancels the call. */
  static final class ObservedSubscription implements Subscription {
    private final Subscription upstream;
    private final ProviderCall call;

    ObservedSubscription(Subscription upstream, ProviderCall call) {
      this.upstream = upstream;
      this.call = call;
    }

    @Override
    public void request(long n) {
      upstream.request(n);
    }

    @Override
    public void cancel() {
      call.cancelled();
      upstream.cancel();
    }
  }
}
