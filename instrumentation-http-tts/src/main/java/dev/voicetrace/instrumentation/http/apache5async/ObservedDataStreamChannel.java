package dev.voicetrace.instrumentation.http.apache5async;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.bootstrap.VoiceBridge;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * The channel a request producer writes its body to: every write goes to the client's channel
 * unchanged, then the bytes the channel actually took are shown to the provider call (through a
 * duplicate, so the producer's buffer position is exactly what the client left it at).
 */
final class ObservedDataStreamChannel implements DataStreamChannel {
  private final DataStreamChannel delegate;
  private final ProviderCall call;

  ObservedDataStreamChannel(DataStreamChannel delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public void requestOutput() {
    delegate.requestOutput();
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    ByteBuffer view = src == null ? null : src.duplicate();
    int n = delegate.write(src);
    if (view != null && n > 0) {
      try {
        view.limit(Math.min(view.limit(), view.position() + n));
        call.requestBody(view);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedDataStreamChannel", failure);
        // observing must never disturb the request
      }
    }
    return n;
  }

  @Override
  public void endStream(List<? extends Header> trailers) throws IOException {
    delegate.endStream(trailers);
  }

  @Override
  public void endStream() throws IOException {
    delegate.endStream();
  }
}
