package dev.voicetrace.smoke.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The checks every "one call, one trace" test shares: the session → turn → stage tree, the stage
 * spans' attributes, HTTP client spans nested under the stage spans, and the provider requests
 * recorded by the fake server matched to spans through their {@code traceparent}.
 */
public final class CallTreeAssertions {

  public static final Set<String> SESSION_END_REASONS =
      Set.of("closed", "stop", "idle_timeout", "max_duration", "error", "shutdown");
  public static final Set<String> TURN_END_REASONS = Set.of("completed", "interrupted", "session_closed");

  private final TraceView view;
  private final ReceivedSpan session;
  private final List<ReceivedSpan> trace;
  private final String where;

  public CallTreeAssertions(TraceView view, ReceivedSpan session) {
    this.view = view;
    this.session = session;
    this.trace = view.trace(session.traceId());
    this.where = "\nin\n" + view.renderTrace(session.traceId());
  }

  /** The {@code voice.session} of {@code callId}, failing with every received span when there is none or several. */
  public static CallTreeAssertions forCall(TraceView view, String callId) {
    List<ReceivedSpan> sessions = view.sessionsOf(callId);
    if (sessions.size() != 1) {
      fail("expected exactly one voice.session with voice.call.id=" + callId + ", got " + sessions.size()
          + "\nreceived:\n" + view.render());
    }
    return new CallTreeAssertions(view, sessions.get(0));
  }

  public ReceivedSpan session() {
    return session;
  }

  public List<ReceivedSpan> trace() {
    return trace;
  }

  public String where() {
    return where;
  }

  public List<ReceivedSpan> turns() {
    return view.children(session).stream().filter(VoiceSpans::isTurn).toList();
  }

  public List<ReceivedSpan> spans(Predicate<ReceivedSpan> p) {
    return trace.stream().filter(p).toList();
  }

  /** Root, kind, ids, source, call id, turns, end reason. */
  public CallTreeAssertions assertSession(String source, String callId, long turns, String endReason) {
    assertEquals("INTERNAL", session.kind(), "voice.session kind" + where);
    assertTrue(session.isRoot(), "voice.session must be the root of its trace (parent " + session.parentSpanId() + ")"
        + where);
    String sessionId = session.stringAttr("session.id");
    assertNotNull(sessionId, "voice.session lacks session.id" + where);
    assertFalse(sessionId.isBlank(), "session.id is blank" + where);
    assertEquals(sessionId, session.stringAttr("gen_ai.conversation.id"), "gen_ai.conversation.id == session.id" + where);
    assertEquals(source, session.stringAttr("voice.session.source"), "voice.session.source" + where);
    if (callId != null) {
      assertEquals(callId, session.stringAttr("voice.call.id"), "voice.call.id" + where);
    }
    assertEquals(turns, session.longAttr("voice.session.turns"), "voice.session.turns" + where);
    assertEquals(endReason, session.stringAttr("voice.session.end_reason"), "voice.session.end_reason" + where);
    assertEquals("CHAIN", session.stringAttr("openinference.span.kind"), "session openinference.span.kind" + where);
    assertTrue(session.endEpochNanos() >= session.startEpochNanos(), "session ends before it starts" + where);
    return this;
  }

  public CallTreeAssertions assertStreamIdPresent() {
    String streamId = session.stringAttr("voice.stream.id");
    assertTrue(streamId != null && !streamId.isBlank(), "voice.stream.id missing" + where);
    return this;
  }

  /**
   * One root; every voice span carries the session's {@code session.id} and
   * {@code gen_ai.conversation.id}; turns are INTERNAL children of the session numbered 1..n in start
   * order, each with an end reason; every stage span is the child of a turn.
   */
  public CallTreeAssertions assertTreeShape(int expectedTurns) {
    List<ReceivedSpan> roots = view.roots(session.traceId());
    assertEquals(List.of(session), roots, "the session must be the only root of its trace" + where);
    String sessionId = session.stringAttr("session.id");
    for (ReceivedSpan s : spans(VoiceSpans::isVoiceSpan)) {
      assertEquals(sessionId, s.stringAttr("session.id"), "session.id on " + s.describe() + where);
      assertEquals(sessionId, s.stringAttr("gen_ai.conversation.id"), "gen_ai.conversation.id on " + s.describe() + where);
    }
    List<ReceivedSpan> turns = turns();
    assertEquals(expectedTurns, turns.size(), "voice.turn children of the session" + where);
    assertEquals(trace.stream().filter(VoiceSpans::isTurn).count(), turns.size(),
        "every voice.turn must be a direct child of the session" + where);
    for (int i = 0; i < turns.size(); i++) {
      ReceivedSpan turn = turns.get(i);
      assertEquals("INTERNAL", turn.kind(), "voice.turn kind" + where);
      assertEquals(i + 1L, turn.longAttr("voice.turn.number"), "voice.turn.number in start order" + where);
      assertTrue(TURN_END_REASONS.contains(turn.stringAttr("voice.turn.end_reason")),
          "voice.turn.end_reason of turn " + (i + 1) + " is " + turn.stringAttr("voice.turn.end_reason") + where);
      assertNotNull(turn.boolAttr("voice.turn.interrupted"), "voice.turn.interrupted missing on turn " + (i + 1) + where);
      assertEquals("CHAIN", turn.stringAttr("openinference.span.kind"), "turn openinference.span.kind" + where);
      assertTrue(turn.endEpochNanos() <= session.endEpochNanos(), "turn " + (i + 1) + " ends after its session" + where);
    }
    for (ReceivedSpan stage : spans(VoiceSpans::isStage)) {
      ReceivedSpan parent = view.parentOf(stage).orElse(null);
      assertTrue(parent != null && VoiceSpans.isTurn(parent),
          "stage span " + stage.describe() + " must be a child of a voice.turn, its parent is "
              + (parent == null ? "missing" : parent.name()) + where);
    }
    return this;
  }

  /** Each turn holds one transcription, one chat and at least one TTS, in that order of start. */
  public CallTreeAssertions assertEachTurnHasSttChatTts() {
    for (ReceivedSpan turn : turns()) {
      List<ReceivedSpan> children = view.children(turn);
      long stt = children.stream().filter(VoiceSpans::isStt).count();
      long chat = children.stream().filter(VoiceSpans::isChat).count();
      long tts = children.stream().filter(VoiceSpans::isTts).count();
      assertTrue(stt == 1 && chat == 1 && tts >= 1, "turn " + turn.longAttr("voice.turn.number")
          + " should hold 1 speech_to_text, 1 chat and >= 1 text_to_speech, has " + stt + "/" + chat + "/" + tts + where);
      ReceivedSpan sttSpan = children.stream().filter(VoiceSpans::isStt).findFirst().orElseThrow();
      ReceivedSpan chatSpan = children.stream().filter(VoiceSpans::isChat).findFirst().orElseThrow();
      ReceivedSpan ttsSpan = children.stream().filter(VoiceSpans::isTts).findFirst().orElseThrow();
      assertTrue(sttSpan.startEpochNanos() <= chatSpan.startEpochNanos()
              && chatSpan.startEpochNanos() <= ttsSpan.startEpochNanos(),
          "turn " + turn.longAttr("voice.turn.number") + ": speech_to_text, chat, text_to_speech out of order" + where);
    }
    return this;
  }

  /**
   * The number of stage spans of each kind equals the number of provider requests of that kind the
   * fake server recorded for this call (exactly one span per request).
   */
  public CallTreeAssertions assertOneStageSpanPerRequest(List<RecordedRequest> requests) {
    assertEquals(requests.stream().filter(RecordedRequest::isTranscription).count(),
        spans(VoiceSpans::isStt).size(), "speech_to_text spans vs transcription requests " + requests + where);
    assertEquals(requests.stream().filter(RecordedRequest::isChat).count(),
        spans(VoiceSpans::isChat).size(), "chat spans vs chat completion requests " + requests + where);
    assertEquals(requests.stream().filter(RecordedRequest::isTts).count(),
        spans(VoiceSpans::isTts).size(), "text_to_speech spans vs TTS requests " + requests + where);
    return this;
  }

  /** speech_to_text attributes. */
  public CallTreeAssertions assertSttSpans(int serverPort) {
    for (ReceivedSpan s : spans(VoiceSpans::isStt)) {
      assertEquals("speech_to_text " + FixtureFacts.STT_MODEL, s.name(), "speech_to_text span name" + where);
      assertEquals("speech_to_text", s.stringAttr("gen_ai.operation.name"), "stt gen_ai.operation.name" + where);
      assertEquals("openai", s.stringAttr("gen_ai.provider.name"), "stt gen_ai.provider.name" + where);
      assertEquals(FixtureFacts.STT_MODEL, s.stringAttr("gen_ai.request.model"), "stt gen_ai.request.model" + where);
      assertServer(s, serverPort);
    }
    return this;
  }

  /**
   * chat attributes: model, streaming, usage as the fake server reported it for the n-th request of the
   * call, their OpenInference twins, ttfb (>= {@code minTtfb} s), finish reasons.
   */
  public CallTreeAssertions assertChatSpans(int serverPort, double minTtfb) {
    List<ReceivedSpan> chats = spans(VoiceSpans::isChat).stream()
        .sorted(java.util.Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    assertFalse(chats.isEmpty(), "no chat span" + where);
    for (int n = 1; n <= chats.size(); n++) {
      ReceivedSpan s = chats.get(n - 1);
      assertEquals("chat " + FixtureFacts.CHAT_MODEL, s.name(), "chat span name" + where);
      assertEquals("chat", s.stringAttr("gen_ai.operation.name"), "chat gen_ai.operation.name" + where);
      assertEquals("openai", s.stringAttr("gen_ai.provider.name"), "chat gen_ai.provider.name" + where);
      assertEquals(FixtureFacts.CHAT_MODEL, s.stringAttr("gen_ai.request.model"), "chat gen_ai.request.model" + where);
      assertEquals(FixtureFacts.CHAT_RESPONSE_MODEL, s.stringAttr("gen_ai.response.model"),
          "chat gen_ai.response.model (as the fake server answered)" + where);
      assertEquals(Boolean.TRUE, s.boolAttr("gen_ai.request.stream"), "chat gen_ai.request.stream" + where);
      Long in = s.longAttr("gen_ai.usage.input_tokens");
      Long out = s.longAttr("gen_ai.usage.output_tokens");
      assertNotNull(in, "chat gen_ai.usage.input_tokens" + where);
      assertNotNull(out, "chat gen_ai.usage.output_tokens" + where);
      assertEquals(FixtureFacts.promptTokens(n), in, "input tokens the fake server reported for chat request " + n
          + " of the call" + where);
      assertEquals(FixtureFacts.completionTokens(n), out, "output tokens the fake server reported for chat request "
          + n + " of the call" + where);
      assertEquals(in, s.longAttr("llm.token_count.prompt"), "llm.token_count.prompt" + where);
      assertEquals(out, s.longAttr("llm.token_count.completion"), "llm.token_count.completion" + where);
      Long total = s.longAttr("llm.token_count.total");
      if (total != null) {
        assertEquals(in + out, total, "llm.token_count.total" + where);
      }
      Double ttfb = s.doubleAttr("voice.ttfb");
      assertTrue(ttfb != null && ttfb > 0 && ttfb >= minTtfb && ttfb <= s.durationSeconds() + 1e-6,
          "chat voice.ttfb must be > 0, >= " + minTtfb + " and <= the span's duration, is " + ttfb + where);
      assertEquals(List.of("stop"), s.attr("gen_ai.response.finish_reasons"), "gen_ai.response.finish_reasons" + where);
      assertEquals("LLM", s.stringAttr("openinference.span.kind"), "chat openinference.span.kind" + where);
      assertServer(s, serverPort);
    }
    return this;
  }

  /**
   * text_to_speech attributes; the voice is the one in a recorded request's path; the audio bytes of
   * all TTS spans add up to what the caller received; ttfb within [minTtfb, maxTtfb] seconds.
   */
  public CallTreeAssertions assertTtsSpans(int serverPort, List<RecordedRequest> requests, long audioBytesReceived,
      double minTtfb, double maxTtfb) {
    List<ReceivedSpan> tts = spans(VoiceSpans::isTts).stream()
        .sorted(java.util.Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    assertFalse(tts.isEmpty(), "no text_to_speech span" + where);
    Set<String> voices = Set.copyOf(requests.stream().filter(RecordedRequest::isTts).map(RecordedRequest::ttsVoice).toList());
    long audioBytes = 0;
    for (int n = 1; n <= tts.size(); n++) {
      ReceivedSpan s = tts.get(n - 1);
      assertEquals("text_to_speech " + FixtureFacts.TTS_MODEL, s.name(), "text_to_speech span name" + where);
      assertEquals("text_to_speech", s.stringAttr("gen_ai.operation.name"), "tts gen_ai.operation.name" + where);
      assertEquals("elevenlabs", s.stringAttr("gen_ai.provider.name"), "tts gen_ai.provider.name" + where);
      assertEquals(FixtureFacts.TTS_MODEL, s.stringAttr("gen_ai.request.model"), "tts gen_ai.request.model" + where);
      assertTrue(voices.contains(s.stringAttr("gen_ai.speech.voice")),
          "gen_ai.speech.voice " + s.stringAttr("gen_ai.speech.voice") + " is not a voice the bot requested " + voices + where);
      Long chars = s.longAttr("voice.tts.characters");
      assertTrue(chars != null && chars > 0, "voice.tts.characters must be > 0, is " + chars + where);
      assertEquals((long) FixtureFacts.reply(n).length(), chars,
          "voice.tts.characters of TTS request " + n + " (the length of the reply it spoke)" + where);
      Long bytes = s.longAttr("voice.tts.audio_bytes");
      assertTrue(bytes != null && bytes > 0, "voice.tts.audio_bytes must be > 0, is " + bytes + where);
      audioBytes += bytes;
      assertEquals("ulaw_8000", s.stringAttr("voice.tts.audio_format"), "voice.tts.audio_format" + where);
      assertEquals(Boolean.TRUE, s.boolAttr("voice.tts.streaming"), "voice.tts.streaming" + where);
      Double ttfb = s.doubleAttr("voice.ttfb");
      assertTrue(ttfb != null && ttfb >= minTtfb && ttfb <= maxTtfb,
          "tts voice.ttfb must be within [" + minTtfb + ", " + maxTtfb + "] s, is " + ttfb + where);
      String requestId = s.stringAttr("voice.provider.request_id");
      assertTrue(requestId != null && !requestId.isBlank(), "voice.provider.request_id missing" + where);
      assertTrue(requestId.matches("[0-9a-f]{20}"), "voice.provider.request_id is not an ElevenLabs request-id the"
          + " fake server hands out: " + requestId + where);
      assertServer(s, serverPort);
    }
    assertEquals(audioBytesReceived, audioBytes,
        "sum of voice.tts.audio_bytes over the call must equal the audio bytes the caller received" + where);
    return this;
  }

  /**
   * With {@code otel.instrumentation.http.client.capture-response-headers=request-id,x-character-count}
   * upstream's HTTP client span records what the fake ElevenLabs server answered: the TTS span's
   * {@code voice.provider.request_id} and {@code voice.tts.characters} must equal those response headers.
   */
  public CallTreeAssertions assertTtsSpansMatchCapturedResponseHeaders() {
    for (ReceivedSpan s : spans(VoiceSpans::isTts)) {
      ReceivedSpan http = view.children(s).stream().filter(VoiceSpans::isHttpClient).findFirst()
          .orElseThrow(() -> new AssertionError("no HTTP client span under " + s.describe() + where));
      assertEquals(List.of(s.stringAttr("voice.provider.request_id")), responseHeader(http, "request-id"),
          "voice.provider.request_id vs the response's request-id header" + where);
      assertEquals(List.of(String.valueOf(s.longAttr("voice.tts.characters"))), responseHeader(http, "x-character-count"),
          "voice.tts.characters vs the text length the fake server counted (x-character-count)" + where);
    }
    return this;
  }

  private static Object responseHeader(ReceivedSpan http, String name) {
    Object v = http.attr("http.response.header." + name);
    return v != null ? v : http.attr("http.response.header." + name.replace('-', '_'));
  }

  private void assertServer(ReceivedSpan s, int serverPort) {
    assertEquals("127.0.0.1", s.stringAttr("server.address"), "server.address of " + s.name() + where);
    assertEquals((long) serverPort, s.longAttr("server.port"), "server.port of " + s.name() + where);
  }

  /**
   * Each provider request the fake server recorded for this call carries a {@code traceparent} of this
   * trace whose parent span is upstream's HTTP client span, itself the child of the stage span of the
   * same operation; and every stage span has exactly one HTTP client span child.
   */
  public CallTreeAssertions assertHttpSpansNestedUnderStages(List<RecordedRequest> requests) {
    assertFalse(requests.isEmpty(), "the fake server recorded no request for this call");
    for (RecordedRequest r : requests) {
      assertEquals(session.traceId(), r.traceId(),
          "traceparent of " + r.method() + " " + r.path() + " (" + r.traceparent() + ") is not this call's trace" + where);
      ReceivedSpan http = trace.stream().filter(s -> s.spanId().equals(r.parentSpanId())).findFirst()
          .orElseThrow(() -> new AssertionError("no received span " + r.parentSpanId() + " (traceparent of "
              + r.method() + " " + r.path() + ")" + where));
      assertTrue(VoiceSpans.isHttpClient(http), "the traceparent of " + r.path() + " names " + http.describe()
          + ", expected upstream's HTTP client span" + where);
      ReceivedSpan stage = view.parentOf(http).orElseThrow(() ->
          new AssertionError("HTTP span " + http.describe() + " has no received parent" + where));
      Predicate<ReceivedSpan> expected = r.isTranscription() ? VoiceSpans::isStt
          : r.isChat() ? VoiceSpans::isChat : r.isTts() ? VoiceSpans::isTts : s -> false;
      assertTrue(expected.test(stage), "the HTTP client span of " + r.method() + " " + r.path()
          + " must be the child of its stage span, its parent is " + stage.describe() + where);
    }
    for (ReceivedSpan stage : spans(VoiceSpans::isStage)) {
      long http = view.children(stage).stream().filter(VoiceSpans::isHttpClient).count();
      assertEquals(1, http, "HTTP client spans under " + stage.describe() + where);
    }
    return this;
  }

  /** Upstream's own openai-java module is off: no INTERNAL {@code chat …} span. */
  public CallTreeAssertions assertNoUpstreamOpenAiSpans() {
    List<ReceivedSpan> internalChats = spans(s -> s.name().startsWith("chat") && !s.kind().equals("CLIENT"));
    assertTrue(internalChats.isEmpty(), "upstream's openai-java spans must be off, found " + internalChats + where);
    return this;
  }

  /** Resource of every span of the trace: {@code telemetry.distro.name=voicetrace} and a version. */
  public CallTreeAssertions assertDistroResource() {
    for (ReceivedSpan s : trace) {
      Map<String, Object> r = s.resourceAttributes();
      assertEquals("voicetrace", r.get("telemetry.distro.name"), "resource telemetry.distro.name of " + s.name()
          + " " + r);
      Object version = r.get("telemetry.distro.version");
      assertTrue(version instanceof String v && !v.isBlank(), "resource telemetry.distro.version " + r);
    }
    return this;
  }

  /** No span name, attribute, event, link, status message or resource value contains any of {@code forbidden}. */
  public static void assertNothingContains(List<ReceivedSpan> spans, List<String> forbidden) {
    List<String> leaks = new ArrayList<>();
    for (ReceivedSpan s : spans) {
      check(leaks, s, "name", s.name(), forbidden);
      check(leaks, s, "status message", s.statusMessage(), forbidden);
      s.attributes().forEach((k, v) -> check(leaks, s, "attribute " + k, v, forbidden));
      s.resourceAttributes().forEach((k, v) -> check(leaks, s, "resource " + k, v, forbidden));
      for (ReceivedSpan.Event e : s.events()) {
        check(leaks, s, "event name", e.name(), forbidden);
        e.attributes().forEach((k, v) -> check(leaks, s, "event " + e.name() + " attribute " + k, v, forbidden));
      }
      for (ReceivedSpan.Link l : s.links()) {
        l.attributes().forEach((k, v) -> check(leaks, s, "link attribute " + k, v, forbidden));
      }
    }
    assertTrue(leaks.isEmpty(), "telemetry must not contain secrets or content:\n  " + String.join("\n  ", leaks));
  }

  /** No attribute of any metric data point or metric resource contains any of {@code forbidden}. */
  public static void assertNoMetricContains(List<ReceivedMetric> metrics, List<String> forbidden) {
    List<String> leaks = new ArrayList<>();
    for (ReceivedMetric m : metrics) {
      List<Object> values = new ArrayList<>(m.resourceAttributes().values());
      m.points().forEach(p -> values.addAll(p.attributes().values()));
      for (Object v : values) {
        String text = String.valueOf(v).toLowerCase(java.util.Locale.ROOT);
        forbidden.stream().filter(f -> text.contains(f.toLowerCase(java.util.Locale.ROOT)))
            .forEach(f -> leaks.add("metric " + m.name() + " contains \"" + f + "\": " + v));
      }
    }
    assertTrue(leaks.isEmpty(), "metrics must not contain secrets or content:\n  " + String.join("\n  ", leaks));
  }

  private static void check(List<String> leaks, ReceivedSpan s, String where, Object value, List<String> forbidden) {
    if (value == null) {
      return;
    }
    if (value instanceof List<?> list) {
      list.forEach(v -> check(leaks, s, where, v, forbidden));
      return;
    }
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(v -> check(leaks, s, where, v, forbidden));
      return;
    }
    String text = String.valueOf(value).toLowerCase(java.util.Locale.ROOT);
    for (String f : forbidden) {
      if (text.contains(f.toLowerCase(java.util.Locale.ROOT))) {
        leaks.add(s.name() + " " + where + " contains \"" + f + "\": " + value);
      }
    }
  }

  @Override
  public String toString() {
    return Objects.toString(session);
  }
}
