package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.client5.http.async.methods.AbstractCharResponseConsumer;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.async.methods.SimpleResponseConsumer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.StreamChannel;
import org.apache.hc.core5.http.nio.entity.AbstractBinAsyncEntityProducer;
import org.apache.hc.core5.http.nio.entity.AsyncEntityProducers;
import org.apache.hc.core5.http.nio.support.AsyncRequestBuilder;
import org.apache.hc.core5.io.CloseMode;

/**
 * The {@link ClientScenarios} over Apache HttpClient 5 async ({@code HttpAsyncClients.createDefault()}),
 * as bots use it: {@code execute(SimpleHttpRequest, callback)} awaited with {@code get()}; a streaming
 * {@code AbstractBinResponseConsumer} that stops after {@link ClientScenarios#PARTIAL_BYTES} and
 * cancels the future (barge-in); a streaming binary consumer with a {@code FutureCallback} the app
 * waits on; the chat with a one-shot, chunked request producer and an {@code AbstractCharResponseConsumer}
 * reading the SSE text; {@code SimpleRequestProducer} / {@code SimpleResponseConsumer} answered 500.
 *
 * <p>Usage: {@code ApacheHttpAsyncClient5App <fake provider base url>}; prints {@code APP_DONE}.
 */
public class ApacheHttpAsyncClient5App {
  private static final long WAIT_SECONDS = 30;
  private final String baseUrl;
  /**
   * The system property that makes the app use Apache's HTTP/2-only client ({@code HttpAsyncClients.customHttp2()}),
   * which speaks HTTP/2 over cleartext with prior knowledge to an {@code http://} server.
   */
  public static final String HTTP2_ONLY = "app.http2Only";

  private final CloseableHttpAsyncClient http = Boolean.getBoolean(HTTP2_ONLY)
      ? HttpAsyncClients.customHttp2().build()
      : HttpAsyncClients.createDefault();

  ApacheHttpAsyncClient5App(String baseUrl) {
    this.baseUrl = baseUrl;
    http.start();
  }

  public static void main(String[] args) throws Exception {
    ApacheHttpAsyncClient5App app = new ApacheHttpAsyncClient5App(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    app.http.close(CloseMode.GRACEFUL);
    System.out.println("APP_DONE");
  }

  private SimpleHttpRequest tts(String voice) {
    return SimpleRequestBuilder.post(baseUrl + ClientScenarios.ttsPath(voice))
        .setHeader("xi-api-key", "xi-apache-async-app-key")
        .setBody(ClientScenarios.ttsJson(), ContentType.APPLICATION_JSON)
        .build();
  }

  /** A streamed TTS request: {@code AsyncRequestBuilder} with a JSON entity. */
  private AsyncRequestProducer ttsProducer(String voice) {
    return AsyncRequestBuilder.post(baseUrl + ClientScenarios.ttsPath(voice))
        .setHeader("xi-api-key", "xi-apache-async-app-key")
        .setEntity(AsyncEntityProducers.create(ClientScenarios.ttsJson(), ContentType.APPLICATION_JSON))
        .build();
  }

  public void ttsFull() throws Exception {
    DoneCallback<SimpleHttpResponse> callback = new DoneCallback<>();
    SimpleHttpResponse response = http.execute(tts(ClientScenarios.VOICE_FULL), callback)
        .get(WAIT_SECONDS, TimeUnit.SECONDS);
    callback.await();
    ClientScenarios.report("ttsFull", response.getCode(), bytes(response));
  }

  public void ttsPartial() throws Exception {
    CompletableFuture<Future<Integer>> self = new CompletableFuture<>();
    AudioConsumer consumer = new AudioConsumer(ClientScenarios.PARTIAL_BYTES, self);
    Future<Integer> future = http.execute(ttsProducer(ClientScenarios.VOICE_PARTIAL), consumer, null);
    self.complete(future);
    try {
      future.get(WAIT_SECONDS, TimeUnit.SECONDS);
      throw new IllegalStateException("the partial read was not cancelled");
    } catch (CancellationException expected) {
      // barge-in: the rest of the audio is not wanted
    }
    // the client has let go of the exchange once it released the consumer
    if (!consumer.released.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
      throw new IllegalStateException("the cancelled exchange was never released");
    }
    ClientScenarios.report("ttsPartial", consumer.status, consumer.audio.toByteArray(), null, consumer.handed);
  }

  public void ttsStream() throws Exception {
    AudioConsumer consumer = new AudioConsumer(Integer.MAX_VALUE, null);
    DoneCallback<Integer> callback = new DoneCallback<>();
    http.execute(ttsProducer(ClientScenarios.VOICE_STREAM), consumer, callback);
    callback.await(); // the app waits on the callback alone, not on the future
    ClientScenarios.report("ttsStream", consumer.status, consumer.audio.toByteArray());
  }

  public void chatStream() throws Exception {
    byte[] json = ClientScenarios.chatJson().getBytes(StandardCharsets.UTF_8);
    // a one-shot body written in pieces (sent chunked): the instrumentation must not produce it itself
    AsyncRequestProducer producer = AsyncRequestBuilder.post(baseUrl + "/v1/chat/completions")
        .setHeader("Authorization", "Bearer sk-apache-async-app")
        .setEntity(new OneShotJson(json))
        .build();
    SseConsumer consumer = new SseConsumer();
    DoneCallback<String> callback = new DoneCallback<>();
    String sse = http.execute(producer, consumer, callback).get(WAIT_SECONDS, TimeUnit.SECONDS);
    callback.await();
    byte[] body = sse.getBytes(StandardCharsets.UTF_8);
    ClientScenarios.report("chatStream", consumer.status, body, ClientScenarios.chatContent(body));
  }

  public void ttsFail() throws Exception {
    SimpleHttpResponse response = http.execute(SimpleRequestProducer.create(tts(ClientScenarios.VOICE_FAIL)),
        SimpleResponseConsumer.create(), null).get(WAIT_SECONDS, TimeUnit.SECONDS);
    ClientScenarios.report("ttsFail", response.getCode(), bytes(response));
  }

  /**
   * Marks the app {@link ClientScenarios#done} when the client completes the exchange (on its I/O thread,
   * which may run the callback just after the future has woken the app: {@link #await} before reporting),
   * and keeps a failure or cancel for {@link #await} to throw.
   */
  static final class DoneCallback<T> implements FutureCallback<T> {
    private final CountDownLatch called = new CountDownLatch(1);
    private volatile Exception failure;

    @Override
    public void completed(T result) {
      ClientScenarios.done();
      called.countDown();
    }

    @Override
    public void failed(Exception ex) {
      failure = ex;
      called.countDown();
    }

    @Override
    public void cancelled() {
      failure = new CancellationException();
      called.countDown();
    }

    /** Waits for the callback; throws what the exchange failed with, if it did. */
    void await() throws Exception {
      if (!called.await(WAIT_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the exchange's callback never ran");
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  private static byte[] bytes(SimpleHttpResponse response) {
    byte[] body = response.getBodyBytes();
    return body == null ? new byte[0] : body;
  }

  /**
   * Plays audio as it arrives: keeps up to {@code limit} bytes; having them, cancels its own
   * exchange ({@code self}) from the I/O thread, as a bot does on barge-in.
   */
  static final class AudioConsumer extends AbstractBinResponseConsumer<Integer> {
    final ByteArrayOutputStream audio = new ByteArrayOutputStream();
    final CountDownLatch released = new CountDownLatch(1);
    private final int limit;
    private final CompletableFuture<Future<Integer>> self;
    volatile int status;
    /** Bytes the client handed to {@link #data} until the cancel, kept or not. */
    volatile long handed;
    private boolean cancelled;

    AudioConsumer(int limit, CompletableFuture<Future<Integer>> self) {
      this.limit = limit;
      this.self = self;
    }

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      status = response.getCode();
    }

    @Override
    protected int capacityIncrement() {
      return 64 * 1024;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) {
      if (!cancelled) {
        handed += src.remaining(); // what arrives after the cancel is not the app's
      }
      int take = Math.min(src.remaining(), limit - audio.size());
      byte[] piece = new byte[take];
      src.get(piece);
      audio.writeBytes(piece);
      src.position(src.limit()); // the rest is not wanted
      if (self != null && audio.size() >= limit && !cancelled) {
        cancelled = true;
        ClientScenarios.done();
        self.join().cancel(true);
      }
    }

    @Override
    protected Integer buildResult() {
      return status;
    }

    @Override
    public void releaseResources() {
      released.countDown();
    }
  }

  /** Reads the chat's server-sent events as text. */
  static final class SseConsumer extends AbstractCharResponseConsumer<String> {
    private final StringBuilder text = new StringBuilder();
    volatile int status;

    @Override
    protected void start(HttpResponse response, ContentType contentType) {
      status = response.getCode();
    }

    @Override
    protected int capacityIncrement() {
      return 64 * 1024;
    }

    @Override
    protected void data(CharBuffer src, boolean endOfStream) {
      text.append(src);
    }

    @Override
    protected String buildResult() {
      return text.toString();
    }

    @Override
    public void releaseResources() {}
  }

  /** A request body that can be produced once, in 100-byte pieces, with no length (chunked). */
  static final class OneShotJson extends AbstractBinAsyncEntityProducer {
    private final ByteBuffer remaining;

    OneShotJson(byte[] json) {
      super(256, ContentType.APPLICATION_JSON);
      this.remaining = ByteBuffer.wrap(json);
    }

    @Override
    public boolean isRepeatable() {
      return false;
    }

    @Override
    protected int availableData() {
      return remaining.remaining();
    }

    @Override
    protected void produceData(StreamChannel<ByteBuffer> channel) throws IOException {
      while (remaining.hasRemaining()) {
        ByteBuffer piece = remaining.slice();
        piece.limit(Math.min(100, piece.remaining()));
        int n = channel.write(piece);
        if (n == 0) {
          return; // the channel is full: the client asks again
        }
        remaining.position(remaining.position() + n);
      }
      channel.endStream();
    }

    @Override
    public void failed(Exception cause) {}
  }
}
