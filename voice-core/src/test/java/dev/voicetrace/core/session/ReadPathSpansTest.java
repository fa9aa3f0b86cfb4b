package dev.voicetrace.core.session;

import static dev.voicetrace.core.session.VoiceKit.attr;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * How the client hooks' read paths reach the stage span: bytes a client buffered but the app never
 * read ({@code bufferedUnread}), arrivals an observed stream counts later ({@code responseBodyArrived}), and a
 * compressed body handed over as it came.
 */
class ReadPathSpansTest {

  @Test
  void bytesTheClientBufferedButTheAppNeverReadAreNotAudio() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      halfRead(kit, conn).cancelled(); // the app closed it

      SpanData tts = kit.only("text_to_speech");
      assertEquals(1000L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
      assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.CANCELLED));
    }
  }

  @Test
  void bytesTheClientBufferedAreNotAudioWhenTheStreamIsAbandonedEither() throws Exception {
    try (VoiceKit kit = new VoiceKit("stream.abandon-timeout", "50ms")) {
      halfRead(kit, new Object()); // then left alone

      SpanData tts = kit.await(s -> s.getName().startsWith("text_to_speech"), 5_000, "the abandoned stage");
      assertEquals(Boolean.TRUE, attr(tts, VoiceAttributes.ABANDONED));
      assertEquals(1000L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES));
    }
  }

  @Test
  void bytesTheClientBufferedAreNotAudioWhenTheSessionEndsFirst() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      halfRead(kit, conn);
      kit.runtime.connectionClosed(conn); // the call hung up while the stream was half read

      assertEquals(1000L, attr(kit.only("text_to_speech"), VoiceAttributes.TTS_AUDIO_BYTES));
    }
  }

  /**
   * A TTS call in a new session of {@code conn} whose client pulled one 1,600-byte chunk, of which the app has read
   * 1,000: the client holds 600 unread.
   */
  private static ProviderCall halfRead(VoiceKit kit, Object conn) throws Exception {
    kit.open(conn);
    ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
    VoiceKit.ttsStarted(call, VoiceKit.TTS_TEXT, 1600);
    call.bufferedUnread(() -> 600);
    return call;
  }

  @Test
  void anArrivalMarksTheFirstByteAndTheAppsReadsCountTheAudio() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      Object conn = new Object();
      kit.open(conn);
      ProviderCall call = kit.start(conn, VoiceKit.TTS_URL);
      VoiceKit.ttsStarted(call, VoiceKit.TTS_TEXT, 0);
      call.responseBodyArrived();
      long arrived = System.nanoTime();
      while (System.nanoTime() - arrived < 20_000_000L) {
        Thread.onSpinWait(); // the app reads 20 ms later
      }
      VoiceKit.audio(call, 700);
      call.completed();

      SpanData tts = kit.only("text_to_speech");
      assertEquals(700L, attr(tts, VoiceAttributes.TTS_AUDIO_BYTES), "arrivals are not counted twice");
      Double ttfb = attr(tts, VoiceAttributes.TTFB);
      assertNotNull(ttfb);
      double toEnd = (tts.getEndEpochNanos() - tts.getStartEpochNanos()) / 1e9;
      assertTrue(ttfb <= toEnd - 0.015, "time to first byte at the arrival, not the read: " + ttfb + " of " + toEnd);
    }
  }

  /**
   * A gzip event stream the client hands over compressed (the JDK {@code HttpClient} does; the bot
   * inflates it): the compressed bytes are counted, and a copy is inflated for the parser, so the
   * usage, the output and the time to first chunk are read as from a plain stream.
   */
  @Test
  void aGzipEventStreamIsInflatedForTheParser() throws Exception {
    try (VoiceKit kit = new VoiceKit("capture-content", "true")) {
      ProviderCall call = chatAnswered(kit, "content-type", "text/event-stream", "content-encoding", "gzip");
      byte[] body = gzip(VoiceKit.CHAT_SSE);
      assertTrue(call.needsResponseContent(), "the parser wants the bytes");
      for (int i = 0; i < body.length; i += 5) {
        call.responseBody(body, i, Math.min(5, body.length - i));
      }
      call.completed();

      SpanData chat = kit.only("chat");
      assertEquals(StatusCode.UNSET, chat.getStatus().getStatusCode());
      assertEquals(9L, attr(chat, VoiceAttributes.OUTPUT_TOKENS), "usage from the inflated stream");
      assertEquals(1024L, attr(chat, io.opentelemetry.api.common.AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens")));
      assertEquals("Sure, I can help \u00e9\uD83D\uDC4B.", attr(chat, VoiceAttributes.OUTPUT_VALUE));
      assertNotNull(attr(chat, VoiceAttributes.TTFB));
    }
  }

  /** An encoding voicetrace does not inflate ({@code br}): its bytes are counted, never parsed. */
  @Test
  void anotherCompressedEventStreamIsCountedNotParsed() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      ProviderCall call = chatAnswered(kit, "content-type", "text/event-stream", "content-encoding", "br");
      byte[] body = gzip(VoiceKit.CHAT_SSE); // some compressed bytes
      assertTrue(!call.needsResponseContent(), "compressed bytes are only counted");
      call.responseBody(body, 0, body.length);
      call.completed();

      SpanData chat = kit.only("chat");
      assertEquals(StatusCode.UNSET, chat.getStatus().getStatusCode());
      assertNotNull(attr(chat, VoiceAttributes.TTFB), "first byte of the compressed body");
      assertNull(attr(chat, VoiceAttributes.OUTPUT_TOKENS), "no usage read from bytes the app decodes itself");
    }
  }

  /** A chat request sent and its 200 response's headers ({@code responseHeaders}: name/value pairs) received. */
  private static ProviderCall chatAnswered(VoiceKit kit, String... responseHeaders) throws Exception {
    Object conn = new Object();
    kit.open(conn);
    ProviderCall call = kit.start(conn, VoiceKit.CHAT_URL);
    byte[] request = VoiceKit.CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
    call.requestBody(request, 0, request.length);
    call.responseHeaders(200, VoiceKit.headers(responseHeaders));
    return call;
  }

  private static byte[] gzip(String text) throws java.io.IOException {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    return gz.toByteArray();
  }

  @Test
  void aCloseAfterTheLastEventIsNoCancelButOneBeforeItIs() throws Exception {
    byte[] sse = VoiceKit.CHAT_SSE.getBytes(StandardCharsets.UTF_8);
    int done = VoiceKit.CHAT_SSE.substring(0, VoiceKit.CHAT_SSE.indexOf("data: [DONE]"))
        .getBytes(StandardCharsets.UTF_8).length; // bytes before the last event (the text has multi-byte characters)
    for (boolean readToDone : new boolean[] {true, false}) {
      try (VoiceKit kit = new VoiceKit()) {
        // chunked: no content-length, so only the stream's own last event says it was read to its end
        ProviderCall call = chatAnswered(kit, "content-type", "text/event-stream");
        call.responseBody(sse, 0, readToDone ? sse.length : done);
        call.cancelled(); // the app closes the stream without reading the end of the chunked body

        SpanData chat = kit.only("chat");
        assertEquals(readToDone ? null : Boolean.TRUE, attr(chat, VoiceAttributes.CANCELLED),
            readToDone ? "closed after [DONE]: read to its end" : "closed before [DONE]: cancelled");
        assertEquals(9L, attr(chat, VoiceAttributes.OUTPUT_TOKENS), "usage came before [DONE] either way");
      }
    }
  }

  @Test
  void aCloseWithTheLastEventStillInTheClientsBufferIsACancel() throws Exception {
    try (VoiceKit kit = new VoiceKit()) {
      ProviderCall call = chatAnswered(kit, "content-type", "text/event-stream");
      byte[] sse = VoiceKit.CHAT_SSE.getBytes(StandardCharsets.UTF_8);
      call.responseBody(sse, 0, sse.length); // the client buffered the whole stream, [DONE] included
      call.bufferedUnread(() -> 200); // the app had not read its last 200 bytes when it closed (barge-in)
      call.cancelled();

      assertEquals(Boolean.TRUE, attr(kit.only("chat"), VoiceAttributes.CANCELLED));
    }
  }
}
