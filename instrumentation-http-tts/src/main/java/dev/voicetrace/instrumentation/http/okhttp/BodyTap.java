package dev.voicetrace.instrumentation.http.okhttp;

import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import java.io.OutputStream;
import okio.Buffer;

/**
 * Shows bytes in an Okio {@link Buffer} to the provider call in place: {@code Buffer.copyTo(OutputStream,
 * …)} writes each segment's array as it is, so nothing is copied, and the buffer's segments stay its own.
 * (Copying them into another {@code Buffer} shares them, and Okio never recycles a shared segment: every
 * small read then cost OkHttp a fresh 8 KiB segment.) The call neither keeps nor changes the arrays.
 */
final class BodyTap extends OutputStream {
  private final ProviderCall call;
  private final boolean request;

  BodyTap(ProviderCall call, boolean request) {
    this.call = call;
    this.request = request;
  }

  /** Shows {@code byteCount} bytes of {@code buffer} from {@code offset} to the call. */
  void show(Buffer buffer, long offset, long byteCount) throws IOException {
    buffer.copyTo(this, offset, byteCount);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    if (request) {
      call.requestBody(bytes, offset, length);
    } else {
      call.responseBody(bytes, offset, length);
    }
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }
}
