package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import okio.Buffer;
import okio.ForwardingSink;
import okio.Sink;

/** Shows request bytes to the provider call, then writes them on unchanged. */
final class ObservedSink extends ForwardingSink {
  private final ProviderCall call;

  ObservedSink(Sink delegate, ProviderCall call) {
    super(delegate);
    this.call = call;
  }

  @Override
  public void write(Buffer source, long byteCount) throws IOException {
    try {
      Buffer copy = new Buffer();
      source.copyTo(copy, 0, byteCount);
      byte[] bytes = copy.readByteArray();
      call.requestBody(bytes, 0, bytes.length);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedSink", failure);
      // observing must never disturb the request
    }
    super.write(source, byteCount);
  }
}
