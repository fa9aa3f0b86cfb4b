package dev.voicetrace.instrumentation.http.apache4;

import dev.voicetrace.instrumentation.http.io.ObservedOutputStream;
import dev.voicetrace.bootstrap.ProviderCall;
import java.io.IOException;
import java.io.OutputStream;
import org.apache.http.HttpEntity;
import org.apache.http.entity.HttpEntityWrapper;

/**
 * The application's request entity, written by the client as usual, with the bytes shown to the
 * provider call on their way to the connection. Nothing is read ahead: a one-shot (streamed) entity
 * is read exactly once, by the client.
 */
final class ObservedRequestEntity extends HttpEntityWrapper {
  private final ProviderCall call;

  ObservedRequestEntity(HttpEntity delegate, ProviderCall call) {
    super(delegate);
    this.call = call;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    call.requestBodyStarted();
    super.writeTo(new ObservedOutputStream(out, call));
  }
}
