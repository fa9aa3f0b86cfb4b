package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.StreamingReplyApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The LLM stream as voice bots use it ({@link StreamingReplyApp}, openai-java and a hand-written JDK
 * {@code HttpClient} SSE reader, run with and without the agent):
 *
 * <ul>
 *   <li>sentence-by-sentence speaking — TTS started from inside the stream's callback while the reply
 *       still streams — gives {@code text_to_speech} spans that are siblings of the {@code chat} span
 *       under the same {@code voice.turn}, never its children (openai-java {@code createStreaming}
 *       iterated, async {@code createStreaming} with a handler, JDK {@code sendAsync} + {@code
 *       ofLines()} read in the future's callback);
 *   <li>openai-java's {@code audio().transcriptions()} and {@code audio().speech()} are {@code
 *       speech_to_text} / {@code text_to_speech} spans with model, voice, characters and the audio
 *       bytes the app read;
 *   <li>barge-in — the app closes the stream after the first words ({@code StreamResponse.close()},
 *       async {@code close()}, closing the JDK {@code ofLines()} stream) — ends the {@code chat} span
 *       within 10 ms of the close, marked {@code voice.cancelled} (async: of {@code close()} returning,
 *       see {@link #checkBargeIn}).
 * </ul>
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(150)
class StreamingReplySmokeTest {
  private static final String SERVICE = "smoke-streaming-reply";
  private static final String APP = StreamingReplyApp.class.getName();
  private static final long TTFB_MS = 100;
  private static final long CHUNK_MS = 30;
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) (\\S+)");
  private static final Pattern BARGE_IN = Pattern.compile("BARGE_IN scenario=(\\w+) closeAt=(\\d+) closed=(\\d+)");
  private static final Map<String, String> CALLS = Map.of(
      "openAiStreamSpeaks", "CA-speaks-openai",
      "openAiAsyncStreamSpeaks", "CA-speaks-async",
      "jdkSseSpeaks", "CA-speaks-jdk",
      "openAiStreamBargeIn", "CA-barge-openai",
      "openAiAsyncStreamBargeIn", "CA-barge-async",
      "jdkSseBargeIn", "CA-barge-jdk");

  @Test
  void speakingWhileTheReplyStreamsAndBargingIn(SmokeEnv env) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + ",\"chunkMs\":" + CHUNK_MS + "}");
    String classPath = Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar();
    String methods = APP + "[" + String.join(",", StreamingReplyApp.SPEAKING) + ","
        + String.join(",", StreamingReplyApp.BARGE_INS) + "]";
    ForkedJvm.Builder withAgent = ForkedJvm.builder("streaming-reply-agent")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", methods)
        .mainClass(classPath, APP)
        .args(env.providers().baseUrl());
    ForkedJvm.Builder plain = ForkedJvm.builder("streaming-reply-plain").mainClass(classPath, APP)
        .args(env.providers().baseUrl());
    Map<String, String> seenWithAgent;
    Map<String, String> seenWithout;
    Map<String, long[]> closeAt = new LinkedHashMap<>();
    // one after the other: the fake transcription script advances per call sid, shared by both runs
    try (ForkedJvm plainJvm = plain.start()) {
      assertEquals(0, plainJvm.awaitExit(Duration.ofSeconds(60)), "app without agent\n" + plainJvm.tail());
      seenWithout = results(plainJvm);
    }
    env.providers().reset();
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + ",\"chunkMs\":" + CHUNK_MS + "}");
    try (ForkedJvm agentJvm = withAgent.start()) {
      assertEquals(0, agentJvm.awaitExit(Duration.ofSeconds(60)), "app with agent\n" + agentJvm.tail());
      agentJvm.awaitLine(Pattern.compile("APP_DONE"), Duration.ofSeconds(1));
      seenWithAgent = results(agentJvm);
      for (Matcher m : agentJvm.findLines(BARGE_IN)) {
        closeAt.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
      }
    }
    assertEquals(CALLS.keySet(), seenWithout.keySet(), "scenarios the app ran without the agent");
    assertEquals(seenWithout, seenWithAgent, "what the app saw (transcript, text, audio bytes, first words)");

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "6 sessions, 6 chat and 6 TTS spans",
        spans -> new TraceView(spans).sessions().size() >= 6
            && spans.stream().filter(VoiceSpans::isChat).count() >= 6
            && spans.stream().filter(VoiceSpans::isTts).count() >= 6,
        Duration.ofSeconds(20)));

    for (String scenario : StreamingReplyApp.SPEAKING) {
      checkSpokenWhileStreaming(view, env, scenario, seenWithAgent.get(scenario));
    }
    for (String scenario : StreamingReplyApp.BARGE_INS) {
      checkBargeIn(view, env, scenario, closeAt.get(scenario));
    }
  }

  /** One chat span and one TTS span per sentence, all children of the same turn; TTS began mid-stream. */
  private static void checkSpokenWhileStreaming(TraceView view, SmokeEnv env, String scenario, String seen) {
    String trace = env.providers().requestsOf(CALLS.get(scenario)).get(0).traceId();
    String where = scenario + "\n" + view.renderTrace(trace);
    List<ReceivedSpan> spans = view.trace(trace);
    List<ReceivedSpan> chats = spans.stream().filter(VoiceSpans::isChat).toList();
    assertEquals(1, chats.size(), "one chat span\n" + where);
    ReceivedSpan chat = chats.get(0);
    ReceivedSpan turn = view.parentOf(chat).orElseThrow(() -> new AssertionError("chat without parent\n" + where));
    assertEquals(TraceView.TURN, turn.name(), "the chat span is in the turn\n" + where);
    assertEquals(List.of("stop"), chat.attr("gen_ai.response.finish_reasons"), where);
    assertNotEquals(Boolean.TRUE, chat.boolAttr("voice.cancelled"), "read to the end\n" + where);

    // audio=[<characters>:<bytes the app read>, ...], one per sentence, in the order spoken
    String[] sentences = seen.substring(seen.indexOf("audio=[") + 7, seen.length() - 1).split(",_?");
    List<ReceivedSpan> tts = spans.stream().filter(VoiceSpans::isTts)
        .sorted((a, b) -> Long.compare(a.startEpochNanos(), b.startEpochNanos())).toList();
    assertEquals(2, sentences.length, "the reply has two sentences: " + seen);
    assertEquals(sentences.length, tts.size(), "one text_to_speech span per sentence\n" + where);
    for (int i = 0; i < tts.size(); i++) {
      ReceivedSpan t = tts.get(i);
      String at = "sentence " + (i + 1) + ": " + t.describe() + "\n" + where;
      assertEquals(turn.spanId(), t.parentSpanId(), "TTS is the chat span's sibling, under the same turn\n" + at);
      assertEquals(1, view.children(t).stream().filter(VoiceSpans::isHttpClient).count(),
          "upstream's HTTP span of the TTS request under the TTS span\n" + at);
      assertEquals(Long.parseLong(sentences[i].split(":")[0]), t.longAttr("voice.tts.characters"), at);
      assertEquals(Long.parseLong(sentences[i].split(":")[1]), t.longAttr("voice.tts.audio_bytes"),
          "audio bytes == bytes the app read\n" + at);
      if (scenario.equals("openAiStreamSpeaks")) {
        assertEquals("text_to_speech " + StreamingReplyApp.OPENAI_TTS_MODEL, t.name(), at);
        assertEquals("openai", t.stringAttr("gen_ai.provider.name"), at);
        assertEquals(StreamingReplyApp.OPENAI_VOICE, t.stringAttr("gen_ai.speech.voice"), at);
        assertEquals("mp3", t.stringAttr("voice.tts.audio_format"), at);
      } else {
        assertEquals("text_to_speech " + StreamingReplyApp.ELEVENLABS_MODEL, t.name(), at);
        assertEquals(StreamingReplyApp.ELEVENLABS_VOICE, t.stringAttr("gen_ai.speech.voice"), at);
      }
    }
    assertTrue(tts.get(0).startEpochNanos() < chat.endEpochNanos(),
        "the first sentence was spoken while the reply still streamed\n" + where);

    if (scenario.equals("openAiStreamSpeaks")) {
      List<ReceivedSpan> stt = spans.stream().filter(VoiceSpans::isStt).toList();
      assertEquals(1, stt.size(), "audio().transcriptions() is one speech_to_text span\n" + where);
      ReceivedSpan s = stt.get(0);
      assertEquals("speech_to_text " + StreamingReplyApp.STT_MODEL, s.name(), where);
      assertEquals("openai", s.stringAttr("gen_ai.provider.name"), where);
      assertEquals("en", s.stringAttr("gen_ai.speech.input.language"), where);
      assertEquals(turn.spanId(), s.parentSpanId(), "the transcription opened the turn\n" + where);
      assertEquals("stt_request", turn.stringAttr("voice.turn.latency_basis"), where);
    }
  }

  /**
   * The stream closed after its first words: one chat span, cancelled, ended within 10 ms of the
   * close call. openai-java's async {@code close()} first waits for the handler thread's current line
   * read to return (both lock the same {@code BufferedReader}) before it closes the HTTP response; the
   * span ends when the response is closed, so there the bound is 10 ms after that call returned.
   */
  private static void checkBargeIn(TraceView view, SmokeEnv env, String scenario, long[] close) {
    String trace = env.providers().requestsOf(CALLS.get(scenario)).get(0).traceId();
    String where = scenario + "\n" + view.renderTrace(trace);
    List<ReceivedSpan> chats = view.trace(trace).stream().filter(VoiceSpans::isChat).toList();
    assertEquals(1, chats.size(), "one chat span\n" + where);
    ReceivedSpan chat = chats.get(0);
    assertEquals(Boolean.TRUE, chat.boolAttr("voice.cancelled"), "closed mid-stream: cancelled\n" + where);
    assertNotEquals("ERROR", chat.statusCode(), "a barge-in is not an error\n" + where);
    assertTrue(close != null, scenario + ": the app printed when it closed the stream");
    double afterCloseMs = (chat.endEpochNanos() - close[0]) / 1e6;
    double closeCallMs = (close[1] - close[0]) / 1e6;
    double bound = scenario.equals("openAiAsyncStreamBargeIn") ? closeCallMs + 10 : 10;
    // -3 ms: span times come from a monotonic clock anchored to the wall clock in whole milliseconds
    assertTrue(afterCloseMs >= -3 && afterCloseMs <= bound, "the chat span ends within 10 ms of the app's close,"
        + " not at the stream's end: " + afterCloseMs + " ms after close() was called (it took " + closeCallMs
        + " ms)\n" + where);
  }

  /** scenario -> what the app saw. */
  private static Map<String, String> results(ForkedJvm jvm) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }
}
