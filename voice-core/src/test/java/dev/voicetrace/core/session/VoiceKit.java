package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.voicetrace.bootstrap.ProviderCall;
import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.config.VoiceConfig;
import dev.voicetrace.core.provider.ProviderCatalog;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * A voice runtime on a real SDK with an in-memory exporter, driven the way the instrumentation
 * drives it, plus helpers to play provider calls and read the exported spans.
 */
final class VoiceKit implements AutoCloseable {
  static final String P = VoiceConfig.PREFIX;
  static final String STT_URL = "http://127.0.0.1:1/v1/audio/transcriptions";
  static final String CHAT_URL = "http://127.0.0.1:1/v1/chat/completions";
  static final String TTS_URL = "http://127.0.0.1:1/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=ulaw_8000";
  static final String TTS_TEXT = "Sure, I can help you with that booking.";
  static final String TRANSCRIPT = "I'd like to book a table for two.";

  static final String TWILIO_START =
      "{\"event\":\"start\",\"sequenceNumber\":\"1\",\"start\":{\"accountSid\":\"AC1\",\"streamSid\":\"MZ42\","
          + "\"callSid\":\"CA42\",\"tracks\":[\"inbound\"],\"mediaFormat\":{\"encoding\":\"audio/x-mulaw\","
          + "\"sampleRate\":8000,\"channels\":1}},\"streamSid\":\"MZ42\"}";
  static final String TWILIO_STOP =
      "{\"event\":\"stop\",\"sequenceNumber\":\"99\",\"streamSid\":\"MZ42\",\"stop\":{\"accountSid\":\"AC1\",\"callSid\":\"CA42\"}}";

  final InMemorySpanExporter exporter = InMemorySpanExporter.create();
  final SdkTracerProvider tracerProvider =
      SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
  final OpenTelemetrySdk otel = OpenTelemetrySdk.builder().setTracerProvider(tracerProvider).build();
  final VoiceRuntimeImpl runtime;

  /** Key/value pairs of configuration, keys without the voicetrace prefix unless they start with "otel.". */
  VoiceKit(String... keyValues) {
    Map<String, String> config = new HashMap<>();
    config.put(P + "turn.quiet-gap", "10m"); // turns end only by the rule under test unless a test says otherwise
    for (int i = 0; i < keyValues.length; i += 2) {
      String key = keyValues[i].startsWith("otel.") ? keyValues[i] : P + keyValues[i];
      config.put(key, keyValues[i + 1]);
    }
    VoiceTelemetry telemetry = new VoiceTelemetry(otel, VoiceConfig.from(config::get), "test");
    runtime = new VoiceRuntimeImpl(telemetry, ProviderCatalog.create(""));
  }

  // ---- sessions ---------------------------------------------------------------------------------

  /** Opens a WebSocket session for {@code connection} and leaves the open callback (its scope closed). */
  void open(Object connection) throws Exception {
    AutoCloseable scope = runtime.connectionOpened(connection, "websocket");
    assertNotNull(scope, "a new connection opens a session");
    scope.close();
  }

  /** Starts a provider call the way a client hook does, inside the connection's callback. */
  ProviderCall start(Object connection, String url) throws Exception {
    try (AutoCloseable ignored = runtime.enterConnection(connection)) {
      return runtime.startHttpCall("jdk", "POST", url, h -> null);
    }
  }

  // ---- provider calls ---------------------------------------------------------------------------

  static void stt(ProviderCall call, String transcript) {
    String b = "vt-boundary";
    byte[] body = ("--" + b + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"turn.wav\"\r\n"
        + "Content-Type: audio/wav\r\n\r\nRIFF\u0000\u0001WAVEdata\r\n"
        + "--" + b + "\r\nContent-Disposition: form-data; name=\"model\"\r\n\r\ngpt-4o-transcribe\r\n"
        + "--" + b + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
    call.requestBodyStarted();
    call.requestBody(body, 0, body.length);
    call.responseHeaders(200, headers("content-type", "application/json", "x-request-id", "req_stt"));
    byte[] response = ("{\"text\":\"" + transcript + "\",\"language\":\"english\",\"duration\":1.75}")
        .getBytes(StandardCharsets.UTF_8);
    call.responseBody(response, 0, response.length);
    call.completed();
  }

  static final String CHAT_REQUEST =
      "{\"model\":\"gpt-4o-mini\",\"stream\":true,\"stream_options\":{\"include_usage\":true},\"temperature\":0.3,"
          + "\"max_completion_tokens\":200,\"messages\":[{\"role\":\"system\",\"content\":\"You are a restaurant host.\"},"
          + "{\"role\":\"user\",\"content\":\"" + TRANSCRIPT + "\"}]}";

  static final String CHAT_SSE =
      ": keep-alive\n\n"
          + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}\n\n"
          + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Sure, \"},\"finish_reason\":null}],\"usage\":null}\n\n"
          + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"I can help \u00e9\uD83D\uDC4B.\"},\"finish_reason\":null}],\"usage\":null}\n\n"
          + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
          + "data: {\"id\":\"chatcmpl-7\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o-mini-2024-07-18\","
          + "\"choices\":[],\"usage\":{\"prompt_tokens\":1200,\"completion_tokens\":9,\"total_tokens\":1209,"
          + "\"prompt_tokens_details\":{\"cached_tokens\":1024}}}\n\n"
          + "data: [DONE]\n\n";

  /** A streamed chat completion, its SSE bytes handed over in odd-sized chunks. */
  static void chat(ProviderCall call) {
    byte[] body = CHAT_REQUEST.getBytes(StandardCharsets.UTF_8);
    call.requestBodyStarted();
    call.requestBody(java.nio.ByteBuffer.wrap(body));
    call.responseHeaders(200, headers("content-type", "text/event-stream; charset=utf-8", "openai-request-id", "req_chat"));
    byte[] sse = CHAT_SSE.getBytes(StandardCharsets.UTF_8);
    int[] sizes = {1, 7, 13, 3, 101, 29};
    int i = 0;
    for (int k = 0; i < sse.length; k++) {
      int n = Math.min(sizes[k % sizes.length], sse.length - i);
      call.responseBody(sse, i, n);
      i += n;
    }
    call.completed();
  }

  /**
   * A whole request and its 200 response, the response's bytes handed over {@code piece} at a time;
   * {@code responseHeaders} are name/value pairs.
   */
  static void exchange(ProviderCall call, String request, String response, int piece, String... responseHeaders) {
    byte[] body = request.getBytes(StandardCharsets.UTF_8);
    call.requestBodyStarted();
    call.requestBody(body, 0, body.length);
    call.responseHeaders(200, headers(responseHeaders));
    byte[] answer = response.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < answer.length; i += piece) {
      call.responseBody(answer, i, Math.min(piece, answer.length - i));
    }
    call.completed();
  }

  /** An ElevenLabs streaming TTS request whose response headers and first audio arrived; not finished. */
  static void ttsStarted(ProviderCall call, String text, int firstAudioBytes) {
    byte[] body = ("{\"text\":\"" + text + "\",\"model_id\":\"eleven_flash_v2_5\"}").getBytes(StandardCharsets.UTF_8);
    call.requestBodyStarted();
    call.requestBody(body, 0, body.length);
    call.responseHeaders(200, headers("content-type", "audio/basic", "request-id", "req_tts"));
    if (firstAudioBytes > 0) {
      audio(call, firstAudioBytes);
    }
  }

  static void audio(ProviderCall call, int bytes) {
    if (call.needsResponseContent()) {
      call.responseBody(new byte[bytes], 0, bytes);
    } else {
      call.responseBody(null, 0, bytes);
    }
  }

  static void tts(ProviderCall call) {
    ttsStarted(call, TTS_TEXT, 1000);
    audio(call, 2000);
    call.completed();
  }

  static Function<String, String> headers(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i].toLowerCase(Locale.ROOT), kv[i + 1]);
    }
    return name -> m.get(name.toLowerCase(Locale.ROOT));
  }

  // ---- spans ------------------------------------------------------------------------------------

  List<SpanData> spans() {
    return exporter.getFinishedSpanItems();
  }

  List<SpanData> named(String prefix) {
    return spans().stream().filter(s -> s.getName().startsWith(prefix)).collect(Collectors.toList());
  }

  SpanData only(String prefix) {
    List<SpanData> found = named(prefix);
    assertEquals(1, found.size(), () -> "one '" + prefix + "' span expected in " + names());
    return found.get(0);
  }

  List<SpanData> turns() {
    return spans().stream().filter(s -> s.getName().equals("voice.turn"))
        .sorted((a, b) -> Long.compare(a.getAttributes().get(VoiceAttributes.TURN_NUMBER),
            b.getAttributes().get(VoiceAttributes.TURN_NUMBER)))
        .collect(Collectors.toList());
  }

  SpanData turn(long number) {
    return turns().stream().filter(s -> s.getAttributes().get(VoiceAttributes.TURN_NUMBER) == number).findFirst()
        .orElseThrow(() -> new AssertionError("no turn " + number + " in " + names()));
  }

  List<String> names() {
    return spans().stream().map(SpanData::getName).collect(Collectors.toList());
  }

  /** Polls the exporter until a finished span matches, or fails at the deadline. */
  SpanData await(Predicate<SpanData> wanted, long timeoutMillis, String what) {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    while (true) {
      for (SpanData s : spans()) {
        if (wanted.test(s)) {
          return s;
        }
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what + "; finished: " + names());
      }
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(2));
    }
  }

  static <T> T attr(SpanData span, AttributeKey<T> key) {
    return span.getAttributes().get(key);
  }

  @Override
  public void close() {
    runtime.endAll("test_over");
    tracerProvider.close();
  }
}
