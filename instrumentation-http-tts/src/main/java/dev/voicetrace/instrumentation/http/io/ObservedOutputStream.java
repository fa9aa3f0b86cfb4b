package dev.voicetrace.instrumentation.http.io;

import dev.voicetrace.bootstrap.VoiceBridge;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import java.io.OutputStream;

/** Shows request bytes to the provider call, then writes them on unchanged. */
public final class ObservedOutputStream extends OutputStream {
  private final OutputStream delegate;
  private final ProviderCall call;

  public ObservedOutputStream(OutputStream delegate, ProviderCall call) {
    this.delegate = delegate;
    this.call = call;
  }

  @Override
  public void write(int b) throws IOException {
    try {
      call.requestBody(new byte[] {(byte) b}, 0, 1);
    } catch (Throwable failure) {
      VoiceBridge.swallowed("ObservedOutputStream", failure);
      // observing must never disturb the request
    }
    delegate.write(b);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    if (b != null && off >= 0 && len > 0 && off + len <= b.length) {
      try {
        call.requestBody(b, off, len);
      } catch (Throwable failure) {
        VoiceBridge.swallowed("ObservedOutputStream", failure);
        // observing must never disturb the request
      }
    }
    delegate.write(b, off, len);
  }

  @Override
  public void flush() throws IOException {
    delegate.flush();
  }

  @Override
  public void close() throws IOException {
    delegate.close();
  }
}
