package dev.voicetrace.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicetrace.sample.audio.MuLaw;
import dev.voicetrace.sample.audio.Tone;
import dev.voicetrace.sample.simulator.TelephonyProvider;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * One Twilio call, like the sample's {@code CallSimulator} (1 s of voice, 600 ms of silence, then silence in
 * real time until the reply's mark), that runs {@code onFirstReply} on the WebSocket thread the moment the
 * bot's first reply audio frame arrives.
 */
final class FirstCall {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  private FirstCall() {}

  static void place(HttpClient http, URI url, Runnable onFirstReply, long timeoutNanos) throws Exception {
    long deadline = System.nanoTime() + timeoutNanos;
    TelephonyProvider call = TelephonyProvider.Kind.TWILIO.newCall();
    BlockingQueue<String> marks = new LinkedBlockingQueue<>();
    AtomicBoolean firstSeen = new AtomicBoolean();
    WebSocket socket = http.newWebSocketBuilder().buildAsync(url, new WebSocket.Listener() {
      private final StringBuilder partial = new StringBuilder();

      @Override
      public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
          String message = partial.toString();
          partial.setLength(0);
          if (!firstSeen.get() && message.contains("\"media\"") && firstSeen.compareAndSet(false, true)) {
            onFirstReply.run();
          }
          try {
            JsonNode json = JSON.readTree(message);
            call.markName(json).ifPresent(marks::add);
          } catch (Exception ignored) {
            // not JSON: ignore
          }
        }
        ws.request(1);
        return null;
      }
    }).get(timeoutNanos, TimeUnit.NANOSECONDS);
    try {
      for (String message : call.opening()) {
        socket.sendText(message, true).get(5, TimeUnit.SECONDS);
      }
      Tone voice = Tone.callerVoice();
      byte[] silence = new byte[MuLaw.FRAME_BYTES];
      Arrays.fill(silence, MuLaw.SILENCE);
      long next = System.nanoTime();
      long chunk = 0;
      for (int i = 0; ; i++) {
        if (i >= 80 && !marks.isEmpty()) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("no reply in time");
        }
        long wait;
        while ((wait = next - System.nanoTime()) > 0) {
          LockSupport.parkNanos(wait);
        }
        next += FRAME_NANOS;
        byte[] frame = i < 50 ? voice.muLaw((long) i * MuLaw.FRAME_BYTES, MuLaw.FRAME_BYTES) : silence;
        socket.sendText(call.media(frame, ++chunk), true).get(5, TimeUnit.SECONDS);
      }
      socket.sendText(call.playbackReached(marks.take()), true).get(5, TimeUnit.SECONDS);
      socket.sendText(call.stop().orElseThrow(), true).get(5, TimeUnit.SECONDS);
      socket.sendClose(WebSocket.NORMAL_CLOSURE, "call ended").get(5, TimeUnit.SECONDS);
    } finally {
      socket.abort();
    }
  }
}
