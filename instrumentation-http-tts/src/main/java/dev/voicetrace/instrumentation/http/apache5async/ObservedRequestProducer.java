package dev.voicetrace.instrumentation.http.apache5async;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import java.io.IOException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.nio.AsyncRequestProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.apache.hc.core5.http.nio.RequestChannel;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * The application's request producer, driven by the client as usual; the body bytes it writes are
 * shown to the provider call on their way to the connection. Nothing is read ahead: a one-shot body
 * is produced exactly once, by the client. The first write after {@code sendRequest} or after {@code
 * releaseResources} (how the client rewinds a repeatable body for a retry) starts the body anew.
 */
final class ObservedRequestProducer implements AsyncRequestProducer {
  private final AsyncRequestProducer delegate;
  private final ProviderCall call;
  private volatile boolean fresh = true;

  ObservedRequestProducer(AsyncRequestProducer delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public void sendRequest(RequestChannel channel, HttpContext context) throws HttpException, IOException {
    fresh = true;
    delegate.sendRequest(channel, context);
  }

  @Override
  public boolean isRepeatable() {
    return delegate.isRepeatable();
  }

  @Override
  public int available() {
    return delegate.available();
  }

  @Override
  public void produce(DataStreamChannel channel) throws IOException {
    if (fresh) {
      fresh = false;
      try {
        call.requestBodyStarted();
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedRequestProducer", failure);
      }
    }
    delegate.produce(channel == null ? null : new ObservedDataStreamChannel(channel, call));
  }

  @Override
  public void failed(Exception cause) {
    call.failed(cause); // a no-op when the call already ended
    delegate.failed(cause);
  }

  @Override
  public void releaseResources() {
    fresh = true;
    delegate.releaseResources();
  }
}
