package dev.voicetrace.instrumentation.http.awssync;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.VoiceRuntime;
import dev.voicetrace.instrumentation.http.io.ObservedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;

/**
 * One AWS SDK synchronous HTTP exchange: the request the SDK hands {@code SdkHttpClient.prepareRequest}
 * (its content observed as the client reads it), and the prepared request the client returns, wrapped:
 * {@code call()} runs the client's own, reports the response headers, and gives the SDK the body as a
 * stream that passes every byte through and ends the provider call at its end, close or abort.
 */
public final class AwsSyncExchange implements ExecutableHttpRequest {
  private final ExecutableHttpRequest delegate;
  private final ProviderCall call;

  private AwsSyncExchange(ExecutableHttpRequest delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  /** Returns {call, request} for the advice: call is {@code null} for requests that are no provider call. */
  public static Object[] prepare(Object request) {
    Object[] untouched = new Object[] {null, request};
    VoiceRuntime runtime = VoiceBridge.runtime();
    if (runtime == null || !(request instanceof HttpExecuteRequest)) {
      return untouched;
    }
    HttpExecuteRequest original = (HttpExecuteRequest) request;
    SdkHttpRequest http = original.httpRequest();
    if (http == null) {
      return untouched;
    }
    ProviderCall call = runtime.startHttpCall("aws-sdk", http.method().name(), http.getUri().toString(),
        name -> http.firstMatchingHeader(name).orElse(null));
    if (call == null) {
      return untouched;
    }
    try {
      return new Object[] {call, observed(original, call)};
    } catch (Throwable unexpected) { // an SDK whose request cannot be copied: the call is not observed
      call.failed(unexpected);
      VoiceBridge.swallowed("AwsSyncExchange", unexpected);
      return untouched;
    }
  }

  /** What {@code prepareRequest} gives the SDK: the client's prepared request, wrapped when it is a provider call. */
  public static Object prepared(Object[] state, Object returned, Throwable thrown) {
    if (state == null || !(state[0] instanceof ProviderCall)) {
      return returned;
    }
    ProviderCall call = (ProviderCall) state[0];
    if (thrown != null) {
      call.failed(thrown);
      return returned;
    }
    if (!(returned instanceof ExecutableHttpRequest)) {
      call.cancelled(); // nothing the SDK could run: no exchange will happen
      return returned;
    }
    return new AwsSyncExchange((ExecutableHttpRequest) returned, call);
  }

  /** A copy of the request with its content provider observed (the only field that changes). */
  static HttpExecuteRequest observed(HttpExecuteRequest original, ProviderCall call) {
    Optional<ContentStreamProvider> content = original.contentStreamProvider();
    if (!content.isPresent()) {
      return original;
    }
    HttpExecuteRequest.Builder b = HttpExecuteRequest.builder()
        .request(original.httpRequest())
        .contentStreamProvider(new ObservedContent(content.get(), call));
    original.metricCollector().ifPresent(b::metricCollector);
    return b.build();
  }

  @Override
  public HttpExecuteResponse call() throws IOException {
    HttpExecuteResponse response;
    AutoCloseable scope = call.makeCurrent(); // a transport hook below finds the call and stays out of it
    try {
      response = delegate.call();
    } catch (Throwable failure) {
      call.failed(failure);
      throw failure;
    } finally {
      VoiceBridge.close(scope);
    }
    return observed(response);
  }

  @Override
  public void abort() {
    delegate.abort(); // a running call() then throws, which fails the call
  }

  private HttpExecuteResponse observed(HttpExecuteResponse response) {
    try {
      SdkHttpResponse http = response.httpResponse();
      call.responseHeaders(http.statusCode(), name -> http.firstMatchingHeader(name).orElse(null));
      Optional<AbortableInputStream> body = response.responseBody();
      if (!body.isPresent()) {
        call.completed();
        return response;
      }
      AbortableInputStream original = body.get();
      ObservedInputStream observed = new ObservedInputStream(original, call);
      return HttpExecuteResponse.builder()
          .response(http)
          .responseBody(AbortableInputStream.create(observed, () -> {
            observed.closing(); // the application gave up on the rest of the body
            original.abort();
          }))
          .build();
    } catch (Throwable failure) {
      VoiceBridge.swallowed("AwsSyncExchange", failure);
      return response; // observing must never disturb the response
    }
  }

  /** The request content: every stream the client opens on it is observed (a new stream restarts the body). */
  static final class ObservedContent implements ContentStreamProvider {
    private final ContentStreamProvider delegate;
    private final ProviderCall call;

    ObservedContent(ContentStreamProvider delegate, ProviderCall call) {
      this.delegate = delegate;
      this.call = call;
    }

    @Override
    public InputStream newStream() {
      InputStream stream = delegate.newStream();
      call.requestBodyStarted();
      return stream == null ? null : new ObservedRequestStream(stream, call);
    }

    @Override
    public String name() {
      return delegate.name();
    }
  }

  /** The request body as the client reads it, every byte passed on unchanged and shown to the call. */
  static final class ObservedRequestStream extends FilterInputStream {
    private final ProviderCall call;
    private long position;
    private long markPosition = -1;

    ObservedRequestStream(InputStream delegate, ProviderCall call) {
      super(delegate);
      this.call = call;
    }

    @Override
    public int read() throws IOException {
      int b = in.read();
      if (b >= 0) {
        passed(new byte[] {(byte) b}, 0, 1);
      }
      return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      int n = in.read(b, off, len);
      if (n > 0) {
        passed(b, off, n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = in.skip(n);
      position += Math.max(0, skipped);
      return skipped;
    }

    @Override
    public synchronized void mark(int readlimit) {
      in.mark(readlimit);
      markPosition = position;
    }

    @Override
    public synchronized void reset() throws IOException {
      in.reset();
      if (markPosition == 0) {
        call.requestBodyStarted(); // read again from the start (a retry): the body starts over
      }
      position = Math.max(0, markPosition);
    }

    private void passed(byte[] b, int off, int n) {
      position += n;
      try {
        call.requestBody(b, off, n);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("AwsSyncExchange request", failure);
      }
    }
  }
}
