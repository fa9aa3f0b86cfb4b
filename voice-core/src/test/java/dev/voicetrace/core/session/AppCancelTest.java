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
 * The application's ways of giving up a response besides closing it end the call cancelled, not failed: its
 * {@code cancel(true)} on an async send's returned future (the JDK {@code HttpClient}'s {@code sendAsync}, the
 * AWS SDK's async HTTP SPI), its interrupt of the thread reading or waiting on the call, and its abort of the
 * request from another thread. Real failures stay failures.
 */
class AppCancelTest {
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

  @Test
  void anInterruptOfTheReadingThreadIsACancelAndATimeoutAFailure() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      // OkHttp's interrupted read, thrown on the interrupted thread (the flag stays set)
      Thread.currentThread().interrupt();
      try {
        failWith(kit, new java.io.InterruptedIOException("interrupted"));
        // the same type as a timeout, on the same thread with the flag set: still a timeout
        failWith(kit, new java.net.SocketTimeoutException("Read timed out"));
      } finally {
        Thread.interrupted(); // clears the flag
      }
      // the JDK client's interrupted read and send, and a channel closed by the interrupt: the flag not needed
      failWith(kit, new IOException(new InterruptedException()));
      failWith(kit, new InterruptedException());
      failWith(kit, new java.nio.channels.ClosedByInterruptException());
      // OkHttp's call timeout: an InterruptedIOException on a thread nobody interrupted
      failWith(kit, new java.io.InterruptedIOException("timeout"));

      java.util.List<SpanData> spans = kit.exporter.getFinishedSpanItems();
      assertEquals(6, spans.size());
      boolean[] cancel = {true, false, true, true, true, false};
      for (int i = 0; i < cancel.length; i++) {
        SpanData span = spans.get(i);
        assertEquals(cancel[i] ? StatusCode.UNSET : StatusCode.ERROR, span.getStatus().getStatusCode(),
            i + ": " + span);
        assertEquals(cancel[i] ? Boolean.TRUE : null, span.getAttributes().get(CANCELLED), i + ": " + span);
      }
    }
  }

  @Test
  void aFailureAfterTheAppAbortedTheRequestIsACancel() {
    try (VoiceKit kit = new VoiceKit()) {
      boolean[] aborted = {false};
      ProviderCall call = started(kit);
      call.abortedWhen(() -> aborted[0]);
      call.responseHeaders(200, h -> null);
      call.responseBody(new byte[100], 0, 100);
      aborted[0] = true; // HttpPost.abort() on another thread; the blocked read then fails
      call.failed(new java.net.SocketException("Socket closed"));

      ProviderCall notAborted = started(kit);
      notAborted.abortedWhen(() -> false);
      notAborted.failed(new java.net.SocketException("Connection reset"));

      java.util.List<SpanData> spans = kit.exporter.getFinishedSpanItems();
      assertEquals(2, spans.size());
      assertEquals(Boolean.TRUE, spans.get(0).getAttributes().get(CANCELLED), spans.get(0).toString());
      assertEquals(StatusCode.UNSET, spans.get(0).getStatus().getStatusCode(), spans.get(0).toString());
      assertEquals(StatusCode.ERROR, spans.get(1).getStatus().getStatusCode(), spans.get(1).toString());
      assertNull(spans.get(1).getAttributes().get(CANCELLED), spans.get(1).toString());
    }
  }

  private static void failWith(VoiceKit kit, Throwable error) {
    ProviderCall call = started(kit);
    call.responseHeaders(200, h -> null);
    call.responseBody(new byte[100], 0, 100);
    call.failed(error);
  }

  private static ProviderCall started(VoiceKit kit) {
    return kit.runtime.startHttpCall("jdk", "POST", VoiceKit.TTS_URL, h -> null);
  }
}
