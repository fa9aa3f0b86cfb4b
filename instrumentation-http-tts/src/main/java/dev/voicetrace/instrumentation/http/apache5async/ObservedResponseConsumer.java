package dev.voicetrace.instrumentation.http.apache5async;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.instrumentation.http.apache5.ApacheMessages;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.nio.AsyncResponseConsumer;
import org.apache.hc.core5.http.nio.CapacityChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's response consumer, called by the client exactly as before; each callback is
 * reported first, then handed on: the response's status and headers, each body buffer as the client
 * hands it over (counted, or read for SSE and JSON, through a duplicate: the consumer gets the buffer
 * with its position untouched), the end of the body (completed), a failure. The application's cancel
 * reaches the call through {@link ObservedFutureCallback}. A {@code releaseResources} before the end
 * is not a cancel by itself: the client releases the consumer just before it reports a failure
 * (connection reset mid-body), and that failure, or the future's cancel, ends the call.
 */
final class ObservedResponseConsumer<T> implements AsyncResponseConsumer<T> {
  private final AsyncResponseConsumer<T> delegate;
  final ProviderCall call;

  @SuppressWarnings("unchecked")
  ObservedResponseConsumer(AsyncResponseConsumer<?> delegate, ProviderCall call) {
    this.delegate = (AsyncResponseConsumer<T>) delegate;
    this.call = call;
  }

  @Override
  public void consumeResponse(HttpResponse response, EntityDetails entityDetails, HttpContext context,
      FutureCallback<T> resultCallback) throws HttpException, IOException {
    try {
      call.responseHeaders(response.getCode(), ApacheMessages.headers(response));
      if (entityDetails == null) {
        call.completed(); // no body: the consumer completes the result right away
      }
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedResponseConsumer", failure);
      // observing must never disturb the response
    }
    try {
      delegate.consumeResponse(response, entityDetails, context, resultCallback);
    } catch (HttpException | IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public void informationResponse(HttpResponse response, HttpContext context) throws HttpException, IOException {
    delegate.informationResponse(response, context);
  }

  @Override
  public void updateCapacity(CapacityChannel capacityChannel) throws IOException {
    delegate.updateCapacity(capacityChannel);
  }

  @Override
  public void consume(ByteBuffer src) throws IOException {
    if (src != null) {
      try {
        int n = src.remaining();
        if (n > 0) {
          if (call.needsResponseContent()) {
            call.responseBody(src.duplicate());
          } else {
            call.responseBody(null, 0, n);
          }
        }
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedResponseConsumer", failure);
        // observing must never disturb the response
      }
    }
    try {
      delegate.consume(src);
    } catch (IOException | RuntimeException | Error e) {
      call.failed(e);
      throw e;
    }
  }

  @Override
  public void streamEnd(List<? extends Header> trailers) throws HttpException, IOException {
    call.completed();
    delegate.streamEnd(trailers);
  }

  @Override
  public void failed(Exception cause) {
    call.failed(cause); // a no-op when the call already ended (cancelled first, say)
    delegate.failed(cause);
  }

  @Override
  public void releaseResources() {
    delegate.releaseResources();
  }
}
