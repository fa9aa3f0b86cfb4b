package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.harness.AppWithAndWithoutAgent;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Runs one LLM client test app (a module of {@code client-apps/}, on its own class path) with the
 * agent and, at the same time, without it. Each scenario is one configured session method that makes
 * one chat request; the app prints {@code RESULT scenario=… content=… tokens=in/out} for each. Checks
 * that the app saw the same thing either way, and that each request became exactly one {@code chat}
 * CLIENT span in its session's turn with what the request and the response said.
 */
final class LlmClientChecks {
  /** The fake server's delay before the first body byte; every chat span's voice.ttfb is at least this. */
  static final long TTFB_MS = 150;
  /** The model every app asks for; the fake answers with this model plus a date suffix. */
  static final String MODEL = "gpt-4o-mini";
  private static final Pattern RESULT = Pattern.compile("RESULT scenario=(\\w+) content=(\\S*) tokens=(\\S+)");

  /**
   * One request the app makes; {@code streamed}: it asked for a streamed (SSE) response. {@code
   * httpScope}: the instrumentation scope the one upstream HTTP client span under the {@code chat}
   * span must come from, when a higher-level client makes it (Spring's {@code WebClient}: upstream's
   * spring-webflux span, which must nest under the {@code chat} span, not stand beside the turn);
   * {@code null}: any transport's.
   */
  record Scenario(String name, boolean streamed, String httpScope, String provider) {
    Scenario(String name, boolean streamed) {
      this(name, streamed, null);
    }

    Scenario(String name, boolean streamed, String httpScope) {
      this(name, streamed, httpScope, "openai");
    }

    /** A request whose {@code gen_ai.provider.name} is {@code provider} (a vendor route of its own). */
    static Scenario ofProvider(String name, boolean streamed, String provider) {
      return new Scenario(name, streamed, null, provider);
    }
  }

  /** What the app printed for one scenario. */
  record Seen(String content, String tokens) {
    long inputTokens() {
      return Long.parseLong(tokens.split("/")[0]);
    }

    long outputTokens() {
      return Long.parseLong(tokens.split("/")[1]);
    }
  }

  /** The outcome of a run: the spans of the agent run and what the app saw per scenario (agent run). */
  record Run(TraceView view, Map<String, Seen> seen) {}

  private LlmClientChecks() {}

  /**
   * {@code client-apps/<module>/target/classes} (when the module has code of its own) and every jar of
   * its {@code target/lib}.
   */
  static String classPath(String module) {
    Path dir = Artifacts.moduleDir().resolve("../client-apps/" + module + "/target").normalize();
    Path classes = dir.resolve("classes");
    Path lib = dir.resolve("lib");
    if (!Files.isDirectory(lib)) {
      throw new IllegalStateException("Missing " + lib + ": build the client apps first with"
          + " `mvn -DskipTests package` from the repository root");
    }
    try (Stream<Path> jars = Files.list(lib)) {
      String libs = jars.filter(p -> p.toString().endsWith(".jar")).sorted()
          .map(Path::toString).collect(Collectors.joining(File.pathSeparator));
      return Files.isDirectory(classes) ? classes + File.pathSeparator + libs : libs;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Runs the app twice (agent, plain), compares what it saw, waits for {@code expectedChatSpans}
   * chat spans and one session per scenario, and returns them.
   */
  static Run run(SmokeEnv env, String service, String appClass, String classPath, List<Scenario> scenarios,
      int expectedChatSpans) {
    env.providers().control("{\"ttfbMs\":" + TTFB_MS + "}");
    String methods = appClass + "[" + scenarios.stream().map(Scenario::name).collect(Collectors.joining(",")) + "]";
    AppWithAndWithoutAgent.Runs runs = AppWithAndWithoutAgent.of(service, classPath, appClass)
        .args(env.providers().baseUrl())
        .sessionMethods(methods)
        .run(env);
    Map<String, Seen> seenWithAgent = results(runs.withAgent());
    Map<String, Seen> seenWithout = results(runs.plain());
    List<String> names = scenarios.stream().map(Scenario::name).toList();
    assertEquals(names, List.copyOf(seenWithout.keySet()), "scenarios the app ran without the agent");
    assertEquals(seenWithout, seenWithAgent, "what the app saw (text, usage) with and without the agent");
    for (Scenario s : scenarios) {
      Seen seen = seenWithout.get(s.name());
      assertTrue(!seen.content().isEmpty() && !seen.tokens().equals("-"), s.name() + ": the app got text and usage: " + seen);
    }

    int n = scenarios.size();
    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service,
        n + " sessions and " + expectedChatSpans + " chat spans", spans -> {
          TraceView v = new TraceView(spans);
          return v.sessions().size() >= n && spans.stream().filter(VoiceSpans::isChat).count() >= expectedChatSpans;
        }, Duration.ofSeconds(20)));
    assertEquals(n, view.sessions().size(), "one session per scenario method\n" + view.render());
    assertEquals(expectedChatSpans, view.matching(VoiceSpans::isChat).size(),
        "one chat span per request, none from upstream's openai module\n" + view.render());
    return new Run(view, seenWithAgent);
  }

  /** {@link #run} and {@link #checkChatSpan} for every scenario: each is one correct chat span. */
  static Run runAndCheckAll(SmokeEnv env, String service, String appClass, String classPath,
      List<Scenario> scenarios) {
    Run run = run(env, service, appClass, classPath, scenarios, scenarios.size());
    List<ReceivedSpan> sessions = run.view().sessions();
    for (int i = 0; i < scenarios.size(); i++) {
      Scenario s = scenarios.get(i);
      checkChatSpan(env, run.view(), sessions.get(i), s, run.seen().get(s.name()));
    }
    return run;
  }

  /** The session of scenario {@code s} holds exactly one chat span, correct in every attribute checked here. */
  static ReceivedSpan checkChatSpan(SmokeEnv env, TraceView view, ReceivedSpan session, Scenario s, Seen seen) {
    List<ReceivedSpan> chats = view.descendants(session).stream().filter(VoiceSpans::isChat).toList();
    assertEquals(1, chats.size(), s.name() + ": one chat span in its session\n" + view.renderTrace(session.traceId()));
    ReceivedSpan chat = chats.get(0);
    String where = s.name() + ": " + chat.describe() + "\n" + view.renderTrace(chat.traceId());

    ReceivedSpan turn = view.parentOf(chat).orElse(null);
    assertNotNull(turn, where);
    assertEquals(TraceView.TURN, turn.name(), "the chat span's parent is the session's turn\n" + where);
    assertEquals(session.spanId(), turn.parentSpanId(), where);
    assertEquals(session.stringAttr("session.id"), chat.stringAttr("session.id"), where);
    List<ReceivedSpan> inner = view.descendants(chat).stream().filter(VoiceSpans::isHttpClient).toList();
    assertEquals(1, inner.size(), "one upstream HTTP client span under the chat span (no retry)\n" + where);
    assertEquals(chat.spanId(), inner.get(0).parentSpanId(), "upstream's HTTP span nests under the chat span\n" + where);
    if (s.httpScope() != null) {
      assertTrue(inner.get(0).scopeName().contains(s.httpScope()), inner.get(0).scopeName() + "\n" + where);
    }
    List<ReceivedSpan> outer = view.descendants(session).stream()
        .filter(h -> VoiceSpans.isHttpClient(h) && !inner.contains(h)).toList();
    assertEquals(List.of(), outer, "no other HTTP client span in the session\n" + where);

    assertEquals("chat " + MODEL, chat.name(), where);
    assertEquals("CLIENT", chat.kind(), where);
    assertEquals("LLM", chat.stringAttr("openinference.span.kind"), where);
    assertEquals("chat", chat.stringAttr("gen_ai.operation.name"), where);
    assertEquals(s.provider(), chat.stringAttr("gen_ai.provider.name"), where);
    assertEquals(MODEL, chat.stringAttr("gen_ai.request.model"), where);
    assertEquals(MODEL + "-2024-07-18", chat.stringAttr("gen_ai.response.model"), where);
    assertEquals(s.streamed(), chat.boolAttr("gen_ai.request.stream"), where);
    assertNotEquals("ERROR", chat.statusCode(), where);
    assertEquals(seen.inputTokens(), chat.longAttr("gen_ai.usage.input_tokens"), "the usage the app saw\n" + where);
    assertEquals(seen.outputTokens(), chat.longAttr("gen_ai.usage.output_tokens"), "the usage the app saw\n" + where);
    assertEquals(List.of("stop"), chat.attr("gen_ai.response.finish_reasons"), where);
    Double ttfb = chat.doubleAttr("voice.ttfb");
    assertNotNull(ttfb, where);
    assertTrue(ttfb >= TTFB_MS / 1000.0, "voice.ttfb >= the server's " + TTFB_MS + " ms\n" + where);
    ClientScenarioChecks.checkTtfbFromReceipt(env, chat, TTFB_MS, where);
    assertNotEquals(Boolean.TRUE, chat.boolAttr("voice.cancelled"), "read to the end: not cancelled\n" + where);
    if (s.streamed()) {
      assertEquals(ttfb, chat.doubleAttr("gen_ai.response.time_to_first_chunk"), where);
      Double firstContent = chat.doubleAttr("voice.llm.time_to_first_content");
      assertNotNull(firstContent, where);
      assertTrue(firstContent >= ttfb, where);
    }
    return chat;
  }

  /** scenario -> what the app saw, in the order printed. */
  private static Map<String, Seen> results(ForkedJvm jvm) {
    Map<String, Seen> out = new LinkedHashMap<>();
    for (Matcher m : jvm.findLines(RESULT)) {
      out.put(m.group(1), new Seen(m.group(2), m.group(3)));
    }
    return out;
  }
}
