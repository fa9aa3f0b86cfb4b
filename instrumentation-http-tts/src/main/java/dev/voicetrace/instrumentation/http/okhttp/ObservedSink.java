package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSink;
import okio.Sink;

/** Shows request bytes to the provider call, then writes them on unchanged. */
final class ObservedSink extends ForwardingSink {
  private final BodyTap tap;

  ObservedSink(Sink delegate, ProviderCall call) {
    super(delegate);
    this.tap = new BodyTap(call, true);
  }

  @Override
  public void write(Buffer source, long byteCount) throws IOException {
    try {
      tap.show(source, 0, byteCount);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedSink", failure);
      // observing must never disturb the request
    }
    super.write(source, byteCount);
  }
}
