package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.voicetrace.bootstrap.ProviderCall;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An async send's returned future (the JDK {@code HttpClient}'s {@code sendAsync}, the AWS SDK's async HTTP SPI):
 * the application's {@code cancel(true)} on it is a barge-in, ending the call cancelled and not failed; an
 * exceptional completion fails the call; a normal one leaves the end to the body.
 */
class ReturnedFutureTest {
  private static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("voice.cancelled");

  @Test
  void theAppsCancelOfTheFutureIsABargeInAndAFailureAnError() {
    try (VoiceKit kit = new VoiceKit()) {
      CompletableFuture<Object> cancelledByApp = new CompletableFuture<>();
      ProviderCall bargedIn = started(kit);
      bargedIn.sendReturned(cancelledByApp.thenApply(r -> r), null); // a dependent stage, as clients return
      bargedIn.responseHeaders(200, h -> null);
      bargedIn.responseBody(new byte[1000], 0, 1000);

      CompletableFuture<Object> failedByNetwork = new CompletableFuture<>();
      ProviderCall reset = started(kit);
      reset.sendReturned(failedByNetwork, null);

      CompletableFuture<Object> completed = new CompletableFuture<>();
      ProviderCall ok = started(kit);
      ok.sendReturned(completed, null);

      cancelledByApp.cancel(true);
      failedByNetwork.completeExceptionally(new IOException("connection reset"));
      completed.complete("response");

      assertEquals(2, kit.exporter.getFinishedSpanItems().size(), kit.exporter.getFinishedSpanItems().toString());
      SpanData cancel = kit.exporter.getFinishedSpanItems().get(0);
      assertEquals(Boolean.TRUE, cancel.getAttributes().get(CANCELLED), cancel.toString());
      assertEquals(StatusCode.UNSET, cancel.getStatus().getStatusCode(), "a barge-in is no error: " + cancel);
      assertEquals(1000L, cancel.getAttributes().get(AttributeKey.longKey("voice.tts.audio_bytes")));
      SpanData failure = kit.exporter.getFinishedSpanItems().get(1);
      assertEquals(StatusCode.ERROR, failure.getStatus().getStatusCode(), failure.toString());
      assertEquals(IOException.class.getName(), failure.getAttributes().get(AttributeKey.stringKey("error.type")));
      assertNull(failure.getAttributes().get(CANCELLED), failure.toString());
      ok.completed();
      assertEquals(3, kit.exporter.getFinishedSpanItems().size(), "the body, not the future, ends a success");
    }
  }

  private static ProviderCall started(VoiceKit kit) {
    return kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null);
  }
}
