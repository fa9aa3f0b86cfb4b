package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.LlmToolsApp;
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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Function calling and spoken answers through openai-java ({@link LlmToolsApp}), run without and then with
 * the agent, content capture on (last 3 messages, 24 characters):
 *
 * <ul>
 *   <li>two tool calls in one streamed message, run at once by the bot: two {@code execute_tool} spans,
 *       children of the turn, with the ids the model gave, each from the end of the response that asked
 *       to the request that brought both results back, so at least as long as the slower tool; the
 *       follow-up's cached prompt tokens;
 *   <li>a tool call the bot never answered: an {@code execute_tool} span marked {@code voice.tool.unanswered},
 *       ended with its turn;
 *   <li>a spoken answer (audio in, audio out): audio input and output tokens as the app read them, the
 *       transcript as the output, the text part of the user's message as its content, and never the base64
 *       audio;
 *   <li>nowhere the API key.
 * </ul>
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class LlmToolsSmokeTest {
  private static final String SERVICE = "smoke-llm-tools";
  private static final String APP = LlmToolsApp.class.getName();
  private static final long TTFB_MS = 40;
  private static final int MAX_LENGTH = 24;
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) (.+)");
  private static final Pattern TOOL_CALLS = Pattern.compile("TOOL_CALLS scenario=(\\w+) (.+)");
  private static final Map<String, String> CALLS = Map.of(
      "parallelTools", "CA-tools-parallel",
      "unansweredTool", "CA-tools-unanswered",
      "spokenAnswer", "CA-tools-spoken");

  @Test
  void toolCallsUsageAndSpokenAnswers(SmokeEnv env) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    String classPath = Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar();
    String methods = APP + "[" + String.join(",", LlmToolsApp.SCENARIOS) + "]";
    Map<String, String> seenWithout;
    Map<String, String> seenWith;
    Map<String, List<String[]>> toolCalls = new LinkedHashMap<>();
    try (ForkedJvm plain = ForkedJvm.builder("llm-tools-plain").mainClass(classPath, APP)
        .args(env.providers().baseUrl()).start()) {
      assertEquals(0, plain.awaitExit(Duration.ofSeconds(60)), "app without agent\n" + plain.tail());
      seenWithout = results(plain);
    }
    env.providers().reset();
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    try (ForkedJvm agent = ForkedJvm.builder("llm-tools-agent")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), SERVICE))
        .systemProperty("otel.instrumentation.voicetrace.session.methods", methods)
        .systemProperty("otel.instrumentation.voicetrace.capture-content", "true")
        .systemProperty("otel.instrumentation.voicetrace.capture-content.max-messages", "3")
        .systemProperty("otel.instrumentation.voicetrace.capture-content.max-length", String.valueOf(MAX_LENGTH))
        .mainClass(classPath, APP)
        .args(env.providers().baseUrl()).start()) {
      assertEquals(0, agent.awaitExit(Duration.ofSeconds(60)), "app with agent\n" + agent.tail());
      seenWith = results(agent);
      for (Matcher m : agent.findLines(TOOL_CALLS)) {
        toolCalls.put(m.group(1), java.util.Arrays.stream(m.group(2).split(",")).map(c -> c.split(":", 3)).toList());
      }
    }
    assertEquals(CALLS.keySet(), seenWithout.keySet(), "scenarios the app ran without the agent");
    assertEquals(seenWithout, seenWith, "what the app saw (tool names, text, usage, audio)");

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(SERVICE, "3 sessions, 4 chat spans, 3 tool spans",
        spans -> new TraceView(spans).sessions().size() >= 3
            && spans.stream().filter(VoiceSpans::isChat).count() >= 4
            && spans.stream().filter(s -> s.name().startsWith("execute_tool")).count() >= 3,
        Duration.ofSeconds(20)));

    checkParallelTools(view, env, seenWith.get("parallelTools"), toolCalls.get("parallelTools"));
    checkUnansweredTool(view, env, toolCalls.get("unansweredTool"));
    checkSpokenAnswer(view, env, seenWith.get("spokenAnswer"));
    for (ReceivedSpan s : view.spans()) {
      s.attributes().forEach((key, value) -> {
        assertFalse(String.valueOf(value).contains(LlmToolsApp.API_KEY), s.name() + " records the API key in " + key);
        assertFalse(String.valueOf(value).contains("AAAAAAAAAAAAAAAA"), s.name() + " records base64 audio in " + key);
      });
    }
  }

  private static void checkParallelTools(TraceView view, SmokeEnv env, String seen, List<String[]> asked) {
    String trace = env.providers().requestsOf(CALLS.get("parallelTools")).get(0).traceId();
    String where = "parallelTools: " + seen + "\n" + view.renderTrace(trace);
    List<ReceivedSpan> spans = view.trace(trace);
    List<ReceivedSpan> chats = spans.stream().filter(VoiceSpans::isChat)
        .sorted(Comparator.comparingLong(ReceivedSpan::startEpochNanos)).toList();
    assertEquals(2, chats.size(), "the request that asked and the one that answered\n" + where);
    ReceivedSpan asking = chats.get(0);
    ReceivedSpan answering = chats.get(1);
    ReceivedSpan turn = view.parentOf(asking).orElseThrow();
    assertEquals(TraceView.TURN, turn.name(), where);
    assertEquals(turn.spanId(), answering.parentSpanId(), "the follow-up stays in the turn\n" + where);
    assertEquals(List.of("tool_calls"), asking.attr("gen_ai.response.finish_reasons"), where);
    assertEquals(List.of("stop"), answering.attr("gen_ai.response.finish_reasons"), where);

    // usage as the app read it: in/out/cached/audioIn/audioOut
    String[] first = field(seen, "firstUsage").split("/");
    String[] follow = field(seen, "usage").split("/");
    assertEquals(Long.parseLong(first[0]), asking.longAttr("gen_ai.usage.input_tokens"), where);
    assertEquals(Long.parseLong(first[1]), asking.longAttr("gen_ai.usage.output_tokens"), where);
    assertEquals(Long.parseLong(follow[0]), answering.longAttr("gen_ai.usage.input_tokens"), where);
    assertEquals(Long.parseLong(follow[0]), answering.longAttr("llm.token_count.prompt"), where);
    assertEquals(Long.parseLong(follow[1]), answering.longAttr("llm.token_count.completion"), where);
    assertTrue(Long.parseLong(follow[2]) > 0, "the fake's prompt cache held the history: " + seen);
    assertEquals(Long.parseLong(follow[2]), answering.longAttr("gen_ai.usage.cache_read.input_tokens"),
        "cached prompt tokens of the follow-up\n" + where);

    // content capture: the last 3 of the follow-up's 5 messages (assistant tool calls, two tool results)
    assertEquals("assistant", answering.stringAttr("llm.input_messages.0.message.role"), where);
    assertEquals("tool", answering.stringAttr("llm.input_messages.1.message.role"), where);
    assertEquals("tool", answering.stringAttr("llm.input_messages.2.message.role"), where);
    assertNull(answering.attr("llm.input_messages.3.message.role"), "max-messages 3\n" + where);
    assertEquals(MAX_LENGTH, answering.stringAttr("llm.input_messages.1.message.content").length(),
        "a tool result truncated to max-length\n" + where);

    List<ReceivedSpan> tools = spans.stream().filter(s -> s.name().startsWith("execute_tool"))
        .sorted(Comparator.comparing(s -> s.stringAttr("gen_ai.tool.call.id"))).toList();
    assertEquals(2, tools.size(), "one execute_tool span per parallel call\n" + where);
    List<String[]> byId = asked.stream().sorted(Comparator.comparing(c -> c[0])).toList();
    long slowest = Math.max(LlmToolsApp.WEATHER_MILLIS, LlmToolsApp.CALENDAR_MILLIS);
    for (int i = 0; i < tools.size(); i++) {
      ReceivedSpan tool = tools.get(i);
      String at = tool.describe() + "\n" + where;
      assertEquals(byId.get(i)[0], tool.stringAttr("gen_ai.tool.call.id"), "the id the model gave\n" + at);
      assertEquals("execute_tool " + byId.get(i)[1], tool.name(), at);
      assertEquals(byId.get(i)[1], tool.stringAttr("gen_ai.tool.name"), at);
      assertEquals(turn.spanId(), tool.parentSpanId(), "a child of the turn, not of a chat span\n" + at);
      assertNull(tool.attr("voice.tool.unanswered"), at);
      assertNotEquals("ERROR", tool.statusCode(), at);
      assertEquals(byId.get(i)[2].substring(0, MAX_LENGTH), tool.stringAttr("gen_ai.tool.call.arguments"),
          "arguments captured, truncated\n" + at);
      assertEquals(MAX_LENGTH, tool.stringAttr("gen_ai.tool.call.result").length(), "result captured, truncated\n" + at);
      // from the end of the response that asked to the request that brought the results back
      assertTrue(tool.startEpochNanos() >= asking.startEpochNanos() + TTFB_MS * 1_000_000
          && tool.startEpochNanos() <= asking.endEpochNanos() + 5_000_000,
          "starts when the model's tool-call message arrived\n" + at);
      double endVsFollowUpMs = (tool.endEpochNanos() - answering.startEpochNanos()) / 1e6;
      assertTrue(endVsFollowUpMs >= -1 && endVsFollowUpMs <= 10,
          "ends when the request with the results was sent: " + endVsFollowUpMs + " ms after it\n" + at);
      assertTrue(tool.endEpochNanos() - tool.startEpochNanos() >= slowest * 1_000_000,
          "lasts at least as long as the slower of the two tools the bot ran at once\n" + at);
    }
  }

  private static void checkUnansweredTool(TraceView view, SmokeEnv env, List<String[]> asked) {
    String trace = env.providers().requestsOf(CALLS.get("unansweredTool")).get(0).traceId();
    String where = "unansweredTool\n" + view.renderTrace(trace);
    List<ReceivedSpan> spans = view.trace(trace);
    List<ReceivedSpan> tools = spans.stream().filter(s -> s.name().startsWith("execute_tool")).toList();
    assertEquals(1, tools.size(), where);
    ReceivedSpan tool = tools.get(0);
    assertEquals("execute_tool " + LlmToolsApp.TRANSFER, tool.name(), where);
    assertEquals(asked.get(0)[0], tool.stringAttr("gen_ai.tool.call.id"), where);
    assertEquals(Boolean.TRUE, tool.boolAttr("voice.tool.unanswered"), "never answered\n" + where);
    assertNull(tool.attr("gen_ai.tool.call.result"), "no result was ever sent\n" + where);
    ReceivedSpan turn = view.parentOf(tool).orElseThrow();
    assertEquals(TraceView.TURN, turn.name(), where);
    assertTrue(Math.abs(tool.endEpochNanos() - turn.endEpochNanos()) <= 2_000_000, "ends with its turn\n" + where);
  }

  private static void checkSpokenAnswer(TraceView view, SmokeEnv env, String seen) {
    String trace = env.providers().requestsOf(CALLS.get("spokenAnswer")).get(0).traceId();
    String where = "spokenAnswer: " + seen + "\n" + view.renderTrace(trace);
    List<ReceivedSpan> chats = view.trace(trace).stream().filter(VoiceSpans::isChat).toList();
    assertEquals(1, chats.size(), where);
    ReceivedSpan chat = chats.get(0);
    assertEquals("chat " + LlmToolsApp.AUDIO_MODEL, chat.name(), where);
    assertEquals(field(seen, "model"), chat.stringAttr("gen_ai.response.model"), where);
    String[] usage = field(seen, "usage").split("/");
    assertEquals(Long.parseLong(usage[0]), chat.longAttr("gen_ai.usage.input_tokens"), where);
    assertEquals(Long.parseLong(usage[1]), chat.longAttr("gen_ai.usage.output_tokens"), where);
    assertTrue(Long.parseLong(usage[3]) > 0 && Long.parseLong(usage[4]) > 0, "the fake reported audio tokens: " + seen);
    assertEquals(Long.parseLong(usage[3]), chat.longAttr("gen_ai.usage.audio.input_tokens"), where);
    assertEquals(Long.parseLong(usage[4]), chat.longAttr("gen_ai.usage.audio.output_tokens"), where);
    String transcript = field(seen, "transcript").replace('_', ' ');
    assertEquals(transcript.substring(0, MAX_LENGTH), chat.stringAttr("output.value"), "the audio's transcript\n" + where);
    assertEquals(LlmToolsApp.CALLER_LINE.substring(0, MAX_LENGTH),
        chat.stringAttr("llm.input_messages.1.message.content"), "the text part of the caller's message\n" + where);
  }

  /** {@code key=value} out of a RESULT line. */
  private static String field(String seen, String key) {
    Matcher m = Pattern.compile("(?:^| )" + key + "=(\\S+)").matcher(seen);
    assertTrue(m.find(), key + " in " + seen);
    return m.group(1);
  }

  private static Map<String, String> results(ForkedJvm jvm) {
    Map<String, String> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), m.group(2));
    }
    return out;
  }
}
