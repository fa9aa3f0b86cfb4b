package dev.voicetrace.core.console;

import static java.util.concurrent.TimeUnit.NANOSECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.DelegatingSpanData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConsoleTreeExporterTest {

  private static final long T0 = 1_700_000_000_000_000_000L;

  private ConsoleOutput out;
  private ConsoleTreeExporter exporter;
  private SdkTracerProvider provider;
  private Tracer tracer;

  @BeforeEach
  void setUp() {
    use(new ConsoleTreeExporter(out = new ConsoleOutput()));
  }

  @AfterEach
  void tearDown() {
    provider.shutdown().join(5, TimeUnit.SECONDS);
  }

  private void use(ConsoleTreeExporter newExporter) {
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
    exporter = newExporter;
    provider =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build();
    tracer = provider.get("console-test");
  }

  // ---- span building helpers -------------------------------------------------------------

  private Span start(String name, Span parent, SpanKind kind, long startMs) {
    SpanBuilder b =
        tracer.spanBuilder(name).setSpanKind(kind).setStartTimestamp(T0 + startMs * 1_000_000L, NANOSECONDS);
    if (parent == null) {
      b.setNoParent();
    } else {
      b.setParent(Context.root().with(parent));
    }
    return b.startSpan();
  }

  private static void end(Span span, long endMs) {
    span.end(T0 + endMs * 1_000_000L, NANOSECONDS);
  }

  private Span session(String callId, long startMs) {
    return start("voice.session", null, SpanKind.INTERNAL, startMs)
        .setAttribute("voice.call.id", callId)
        .setAttribute("voice.session.source", "twilio");
  }

  private Span turn(Span session, long number, long startMs) {
    return start("voice.turn", session, SpanKind.INTERNAL, startMs)
        .setAttribute("voice.turn.number", number);
  }

  private Span stage(Span parent, String operation, String target, long startMs) {
    SpanKind kind = "execute_tool".equals(operation) ? SpanKind.INTERNAL : SpanKind.CLIENT;
    return start(operation + " " + target, parent, kind, startMs)
        .setAttribute("gen_ai.operation.name", operation);
  }

  private void http(Span stage, long startMs, long endMs) {
    Span http = start("POST", stage, SpanKind.CLIENT, startMs);
    http.setAttribute("http.request.method", "POST");
    http.setAttribute("url.full", "https://api.example.com/v1/x");
    end(http, endMs);
  }

  private static List<Integer> depths(List<String> lines) {
    return lines.stream().map(ConsoleOutput::depth).collect(Collectors.toList());
  }

  private static String lineStartingWith(List<String> lines, String bodyPrefix) {
    for (String line : lines) {
      if (ConsoleOutput.body(line).startsWith(bodyPrefix)) {
        return line;
      }
    }
    throw new AssertionError("no line starting with '" + bodyPrefix + "' in:\n" + String.join("\n", lines));
  }

  private static String traceId(Span span) {
    return span.getSpanContext().getTraceId();
  }

  // ---- tests -------------------------------------------------------------------------------

  @Test
  void twoTurnSessionPrintsOneTreeWithNestingOrderAndKeyAttributes() {
    Span session = session("CA5f0123456789abcdef", 0);

    Span turn1 = turn(session, 1, 100)
        .setAttribute("voice.turn.user_to_bot_latency", 0.812)
        .setAttribute("voice.turn.latency_basis", "stt_request");
    Span stt = stage(turn1, "speech_to_text", "gpt-4o-mini-transcribe", 100)
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("voice.ttfb", 0.120);
    end(stt, 450);
    Span chat = stage(turn1, "chat", "gpt-4o-mini", 500)
        .setAttribute("gen_ai.provider.name", "openai")
        .setAttribute("voice.ttfb", 0.095)
        .setAttribute("gen_ai.usage.input_tokens", 42L)
        .setAttribute("gen_ai.usage.output_tokens", 18L);
    Span tts = stage(turn1, "text_to_speech", "eleven_flash_v2_5", 1000)
        .setAttribute("gen_ai.provider.name", "elevenlabs")
        .setAttribute("gen_ai.speech.voice", "21m00Tcm4TlvDq8ikWAM")
        .setAttribute("voice.tts.characters", 64L)
        .setAttribute("voice.tts.audio_bytes", 16000L)
        .setAttribute("voice.ttfb", 0.150);
    end(tts, 2200); // ends before the chat span that started earlier: output must follow start order
    end(chat, 2300);
    end(turn1, 2400);

    Span turn2 = turn(session, 2, 3000).setAttribute("voice.turn.interrupted", true);
    Span chat2 = stage(turn2, "chat", "gpt-4o-mini", 3100).setAttribute("voice.cancelled", true);
    end(chat2, 3500);
    Span tool = stage(turn2, "execute_tool", "lookup_order", 3500)
        .setAttribute("voice.tool.unanswered", true);
    end(tool, 3600);
    end(turn2, 4000);

    session.setAttribute("voice.session.turns", 2L).setAttribute("voice.session.end_reason", "stop");
    end(session, 14200);

    assertEquals(1, out.prints().size(), "one tree, one print");
    List<String> lines = out.lines();
    assertEquals(8, lines.size(), String.join("\n", lines));
    assertEquals(Arrays.asList(0, 1, 2, 2, 2, 1, 2, 2), depths(lines), String.join("\n", lines));

    List<String> bodies = lines.stream().map(ConsoleOutput::body).collect(Collectors.toList());
    String[] expectedStarts = {
      "voice.session", "voice.turn #1", "speech_to_text gpt-4o-mini-transcribe", "chat gpt-4o-mini",
      "text_to_speech eleven_flash_v2_5", "voice.turn #2", "chat gpt-4o-mini", "execute_tool lookup_order"
    };
    for (int i = 0; i < expectedStarts.length; i++) {
      assertTrue(bodies.get(i).startsWith(expectedStarts[i]), "line " + i + ": " + lines.get(i));
    }
    // tree glyphs: last child of each parent uses └─, the others ├─, and the column continues with │
    assertTrue(lines.get(1).startsWith("├─ "));
    assertTrue(lines.get(2).startsWith("│  ├─ "));
    assertTrue(lines.get(4).startsWith("│  └─ "));
    assertTrue(lines.get(5).startsWith("└─ "));
    assertTrue(lines.get(6).startsWith("   ├─ "));
    assertTrue(lines.get(7).startsWith("   └─ "));

    String root = lines.get(0);
    for (String part : new String[] {
        "call=CA5f0123…", "source=twilio", "turns=2", "end=stop", "14.20 s", "trace=" + traceId(session)}) {
      assertTrue(root.contains(part), part + " in " + root);
    }
    assertFalse(root.contains("CA5f0123456789abcdef"), "call id abbreviated: " + root);
    assertTrue(lines.get(1).contains("user→bot 812 ms (stt_request)"), lines.get(1));
    assertTrue(lines.get(1).contains("2.30 s"), lines.get(1));
    assertTrue(lines.get(2).contains("openai") && lines.get(2).contains("ttfb 120 ms")
        && lines.get(2).contains("350 ms"), lines.get(2));
    assertTrue(lines.get(3).contains("ttfb 95 ms") && lines.get(3).contains("tokens 42→18")
        && lines.get(3).contains("1.80 s"), lines.get(3));
    for (String part : new String[] {
        "elevenlabs", "voice=21m00Tcm4Tlv…", "chars 64", "audio 16000 B", "ttfb 150 ms", "1.20 s"}) {
      assertTrue(lines.get(4).contains(part), part + " in " + lines.get(4));
    }
    assertTrue(lines.get(5).contains("interrupted") && lines.get(5).contains("1.00 s"), lines.get(5));
    assertTrue(lines.get(6).contains("cancelled"), lines.get(6));
    assertTrue(lines.get(7).contains("unanswered") && lines.get(7).contains("100 ms"), lines.get(7));
    assertFalse(out.text().contains("ERROR"));
  }

  @Test
  void nothingPrintsBeforeTheSessionRootEnds() {
    Span session = session("CA1", 0);
    Span turn = turn(session, 1, 10);
    Span chat = stage(turn, "chat", "gpt-4o-mini", 20);
    http(chat, 25, 90);
    end(chat, 100);
    end(turn, 200);
    Span turn2 = turn(session, 2, 300);
    end(turn2, 400);

    assertEquals("", out.text());
    assertTrue(out.prints().isEmpty());

    end(session, 500);
    List<String> lines = out.lines();
    assertEquals(4, lines.size(), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("voice.session"));
  }

  @Test
  void httpClientSpansUnderAStageAreFoldedIntoItsLine() {
    Span session = session("CA2", 0);
    Span turn = turn(session, 1, 0);
    Span chat = stage(turn, "chat", "gpt-4o-mini", 10);
    http(chat, 11, 90);
    end(chat, 100);
    Span tts = stage(turn, "text_to_speech", "tts-1", 100);
    http(tts, 101, 110);
    http(tts, 120, 130);
    http(tts, 140, 190);
    end(tts, 200);
    end(turn, 300);
    end(session, 400);

    List<String> lines = out.lines();
    assertEquals(Arrays.asList(0, 1, 2, 2), depths(lines), String.join("\n", lines));
    assertTrue(lineStartingWith(lines, "chat gpt-4o-mini").endsWith("(1 http)"), out.text());
    assertTrue(lineStartingWith(lines, "text_to_speech tts-1").endsWith("(3 http attempts)"), out.text());
    assertFalse(out.text().contains("POST"), "http spans are not printed on their own:\n" + out.text());
  }

  @Test
  void otherSpansUnderSessionOrTurnPrintAsShortLines() {
    Span session = session("CA3", 0);
    Span setup = start("load prompt", session, SpanKind.INTERNAL, 1);
    end(setup, 6);
    Span turn = turn(session, 1, 10);
    Span db = start("SELECT orders", turn, SpanKind.CLIENT, 20)
        .setAttribute("db.system.name", "postgresql");
    end(db, 32);
    end(turn, 100);
    end(session, 200);

    List<String> lines = out.lines();
    assertEquals(Arrays.asList(0, 1, 1, 2), depths(lines), String.join("\n", lines));
    assertEquals("load prompt  5 ms", ConsoleOutput.body(lines.get(1)));
    assertEquals("SELECT orders  12 ms", ConsoleOutput.body(lines.get(3)));
  }

  @Test
  void failedStageShowsErrorWithTypeOrDescription() {
    Span session = session("CA4", 0);
    Span turn = turn(session, 1, 0);
    Span stt = stage(turn, "speech_to_text", "nova-3", 1);
    end(stt, 5);
    Span chat = stage(turn, "chat", "gpt-4o-mini", 10).setAttribute("error.type", "429");
    chat.setStatus(StatusCode.ERROR, "rate limited");
    end(chat, 20);
    Span tts = stage(turn, "text_to_speech", "sonic-2", 30);
    tts.setStatus(StatusCode.ERROR, "socket closed");
    end(tts, 40);
    end(turn, 50);
    end(session, 60);

    List<String> lines = out.lines();
    assertFalse(lineStartingWith(lines, "speech_to_text nova-3").contains("ERROR"));
    assertTrue(lineStartingWith(lines, "chat gpt-4o-mini").contains("ERROR 429"), out.text());
    assertTrue(lineStartingWith(lines, "text_to_speech sonic-2").contains("ERROR socket closed"), out.text());
  }

  @Test
  void stageTraceWithoutSessionPrintsLabelledNoSession() {
    Span server = start("POST /reply", null, SpanKind.SERVER, 0);
    Span chat = stage(server, "chat", "gpt-4o-mini", 10);
    http(chat, 11, 50);
    end(chat, 60);
    assertEquals("", out.text());
    end(server, 70);

    // a server span whose parent is in another process is this process's root too
    SpanContext remote = SpanContext.createFromRemoteParent(
        "0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", TraceFlags.getSampled(), TraceState.getDefault());
    Span server2 = tracer.spanBuilder("POST /speak").setSpanKind(SpanKind.SERVER)
        .setParent(Context.root().with(Span.wrap(remote))).startSpan();
    Span tts = stage(server2, "text_to_speech", "tts-1", 0);
    tts.end();
    server2.end();

    List<String> lines = out.lines();
    assertEquals(Arrays.asList(0, 1, 0, 1), depths(lines), String.join("\n", lines));
    assertTrue(lines.get(0).startsWith("(no session) POST /reply"), lines.get(0));
    assertTrue(lines.get(0).contains("trace=" + traceId(server)), lines.get(0));
    assertTrue(ConsoleOutput.body(lines.get(1)).startsWith("chat gpt-4o-mini"), lines.get(1));
    assertTrue(lines.get(1).endsWith("(1 http)"), lines.get(1));
    assertTrue(lines.get(2).startsWith("(no session) POST /speak"), lines.get(2));
    assertTrue(lines.get(2).contains("trace=0af7651916cd43dd8448eb211c80319c"), lines.get(2));
  }

  @Test
  void traceWithoutAnyStageIsDropped() {
    Span server = start("GET /health", null, SpanKind.SERVER, 0);
    Span internal = start("check", server, SpanKind.INTERNAL, 1);
    Span db = start("SELECT 1", internal, SpanKind.CLIENT, 2);
    end(db, 3);
    end(internal, 4);
    end(server, 5);
    Span lone = start("GET /metrics", null, SpanKind.SERVER, 10);
    end(lone, 11);
    assertEquals("", out.text());

    // the exporter is still alive: a voice trace right after prints
    Span session = session("CA5", 20);
    end(session, 30);
    assertEquals(1, out.lines().size());
    assertTrue(out.lines().get(0).startsWith("voice.session"));
  }

  @Test
  void oldestTraceIsEvictedAsIncompleteOverTheTraceCap() {
    use(new ConsoleTreeExporter(out, 2, 2000));
    Span a = session("CA-A", 0);
    Span b = session("CA-B", 0);
    Span c = session("CA-C", 0);
    end(turn(a, 1, 1), 2);
    end(turn(b, 1, 1), 2);
    assertEquals("", out.text(), "two traces fit");

    end(turn(c, 1, 1), 2); // third pending trace: the oldest (a) goes out now
    List<String> lines = out.lines();
    assertEquals(2, lines.size(), out.text());
    assertEquals("(incomplete trace " + traceId(a) + ")", lines.get(0));
    assertEquals(1, ConsoleOutput.depth(lines.get(1)));
    assertTrue(ConsoleOutput.body(lines.get(1)).startsWith("voice.turn #1"));
    assertFalse(out.text().contains(traceId(b)) || out.text().contains(traceId(c)));

    end(b, 10);
    end(c, 10);
    end(a, 10);
    lines = out.lines();
    assertEquals(2 + 2 + 2 + 1, lines.size(), out.text());
    assertTrue(lines.get(2).contains("trace=" + traceId(b)) && lines.get(3).contains("voice.turn #1"));
    assertTrue(lines.get(4).contains("trace=" + traceId(c)) && lines.get(5).contains("voice.turn #1"));
    assertTrue(lines.get(6).contains("trace=" + traceId(a)), "evicted trace's root prints alone");
  }

  @Test
  void spansOverThePerTraceCapAreCountedNotShown() {
    use(new ConsoleTreeExporter(out, 1000, 3));
    Span session = session("CA6", 0);
    for (int i = 1; i <= 5; i++) {
      end(turn(session, i, i * 10), i * 10 + 5);
    }
    end(session, 100);

    List<String> lines = out.lines();
    assertEquals(Arrays.asList(0, 1, 1, 1, 1), depths(lines), String.join("\n", lines));
    assertTrue(lines.get(1).startsWith("├─ voice.turn #1"));
    assertTrue(lines.get(3).startsWith("├─ voice.turn #3"), "not the last line: " + lines.get(3));
    assertEquals("└─ (+2 spans not shown)", lines.get(4));
  }

  @Test
  void shutdownPrintsPendingTracesAsIncompleteAndLaterExportsDoNothing() {
    Span a = session("CA-A", 0);
    Span b = session("CA-B", 0);
    end(turn(a, 1, 1), 2);
    Span turnB = turn(b, 7, 1);
    end(stage(turnB, "chat", "gpt-4o-mini", 2), 3);
    end(turnB, 4);
    assertEquals("", out.text());

    assertTrue(exporter.shutdown().isSuccess());
    List<String> lines = out.lines();
    assertEquals(Arrays.asList(0, 1, 0, 1, 2), depths(lines), String.join("\n", lines));
    assertEquals("(incomplete trace " + traceId(a) + ")", lines.get(0));
    assertTrue(ConsoleOutput.body(lines.get(1)).startsWith("voice.turn #1"));
    assertEquals("(incomplete trace " + traceId(b) + ")", lines.get(2));
    assertTrue(ConsoleOutput.body(lines.get(3)).startsWith("voice.turn #7"));
    assertTrue(ConsoleOutput.body(lines.get(4)).startsWith("chat gpt-4o-mini"));

    String before = out.text();
    end(a, 10);
    end(b, 10);
    assertEquals(before, out.text(), "nothing after shutdown");
    assertTrue(exporter.shutdown().isSuccess(), "second shutdown is harmless");
    assertTrue(exporter.flush().isSuccess());
  }

  @Test
  void spanEndingAfterItsSessionWasPrintedIsOneLateLine() {
    Span session = session("CA7", 0);
    Span turn = turn(session, 1, 1);
    Span chat = stage(turn, "chat", "gpt-4o-mini", 2);
    end(turn, 5);
    end(session, 10);
    assertEquals(2, out.lines().size());

    chat.setAttribute("voice.abandoned", true);
    end(chat, 60_002);
    List<String> lines = out.lines();
    assertEquals(3, lines.size(), out.text());
    assertTrue(lines.get(2).startsWith("(late span, trace " + traceId(session)), lines.get(2));
    assertTrue(lines.get(2).contains("chat gpt-4o-mini") && lines.get(2).contains("abandoned"), lines.get(2));
  }

  @Test
  void concurrentExportsEachPrintACompleteUninterleavedTree() throws Exception {
    int threads = 8;
    int callsPerThread = 25;
    CyclicBarrier barrier = new CyclicBarrier(threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      final int thread = t;
      done.add(pool.submit(() -> {
        barrier.await();
        for (int i = 0; i < callsPerThread; i++) {
          String key = String.format("C%03d%04d", thread, i);
          Span session = session(key, 0);
          Span turn = turn(session, 1, 1);
          Span chat = stage(turn, "chat", "model-" + key, 2);
          http(chat, 3, 4);
          end(chat, 5);
          end(stage(turn, "execute_tool", "tool-" + key, 6), 7);
          end(turn, 8);
          end(session, 9);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get(60, TimeUnit.SECONDS);
    }
    pool.shutdown();

    int calls = threads * callsPerThread;
    List<String> prints = out.prints();
    assertEquals(calls, prints.size(), "one print per call");
    Set<String> seen = new HashSet<>();
    List<String> all = out.lines();
    assertEquals(calls * 4, all.size());
    for (int p = 0; p < calls; p++) {
      List<String> tree = all.subList(p * 4, p * 4 + 4);
      assertEquals(Arrays.asList(0, 1, 2, 2), depths(tree), String.join("\n", tree));
      String root = tree.get(0);
      assertTrue(root.startsWith("voice.session  call="), root);
      String key = root.substring(root.indexOf("call=") + 5, root.indexOf("call=") + 13);
      assertTrue(ConsoleOutput.body(tree.get(1)).startsWith("voice.turn #1"));
      assertTrue(ConsoleOutput.body(tree.get(2)).startsWith("chat model-" + key), String.join("\n", tree));
      assertTrue(tree.get(2).endsWith("(1 http)"));
      assertTrue(ConsoleOutput.body(tree.get(3)).startsWith("execute_tool tool-" + key), String.join("\n", tree));
      assertTrue(seen.add(key), "each call printed once: " + key);
    }
    assertEquals(calls, seen.size());
    assertEquals(Collections.emptyList(),
        all.stream().filter(l -> l.contains("incomplete")).collect(Collectors.toList()));
  }

  @Test
  void aTraceThatCannotBeRenderedPrintsOneFallbackLineAndTheOthersStillPrint() {
    InMemorySpanExporter memory = InMemorySpanExporter.create();
    SdkTracerProvider capture =
        SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(memory)).build();
    Tracer t = capture.get("capture");
    t.spanBuilder("voice.session").setNoParent().startSpan().end();
    t.spanBuilder("voice.session").setNoParent().startSpan().setAttribute("voice.call.id", "CA-GOOD").end();
    List<SpanData> finished = memory.getFinishedSpanItems();
    capture.shutdown();
    SpanData broken = new DelegatingSpanData(finished.get(0)) {
      @Override
      public Attributes getAttributes() {
        throw new IllegalStateException("broken attributes");
      }
    };

    CompletableResultCode result = exporter.export(Arrays.asList(broken, finished.get(1)));

    assertTrue(result.isSuccess());
    List<String> lines = out.lines();
    assertEquals(2, lines.size(), out.text());
    assertTrue(lines.get(0).startsWith("voicetrace-console: could not render trace " + broken.getTraceId()), lines.get(0));
    assertTrue(lines.get(0).contains("broken attributes"), lines.get(0));
    assertTrue(lines.get(1).startsWith("voice.session  call=CA-GOOD"), lines.get(1));
  }
}
