package dev.voicetrace.core.console;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The local-development exporter ({@code otel.traces.exporter=voicetrace-console}): buffers spans per
 * trace until the trace's root ends, then prints the whole call as one indented tree in a single
 * write. Bounded in memory, thread-safe, never throws.
 */
public final class ConsoleTreeExporter implements SpanExporter {

  public static final int DEFAULT_MAX_PENDING_TRACES = 1000;
  public static final int DEFAULT_MAX_SPANS_PER_TRACE = 2000;

  private final PrintStream out;
  private final TraceBuffer buffer;
  private final TreeRenderer renderer = new TreeRenderer();
  private final Object lock = new Object();
  private boolean shutdown; // guarded by lock

  public ConsoleTreeExporter(PrintStream out) {
    this(out, DEFAULT_MAX_PENDING_TRACES, DEFAULT_MAX_SPANS_PER_TRACE);
  }

  public ConsoleTreeExporter(PrintStream out, int maxPendingTraces, int maxSpansPerTrace) {
    if (out == null) {
      throw new NullPointerException("out");
    }
    this.out = out;
    this.buffer = new TraceBuffer(maxPendingTraces, maxSpansPerTrace);
  }

  @Override
  public CompletableResultCode export(Collection<SpanData> spans) {
    if (spans == null || spans.isEmpty()) {
      return CompletableResultCode.ofSuccess();
    }
    List<PendingTrace> ready = new ArrayList<>();
    List<SpanData> late = new ArrayList<>();
    synchronized (lock) {
      if (shutdown) {
        return CompletableResultCode.ofFailure();
      }
      // children first: a batch may hold a root before a child that ended a moment earlier
      for (SpanData span : spans) {
        if (span != null && !VoiceSpans.isLocalRoot(span)) {
          accept(span, ready, late);
        }
      }
      for (SpanData span : spans) {
        if (span != null && VoiceSpans.isLocalRoot(span)) {
          accept(span, ready, late);
        }
      }
    }
    for (PendingTrace trace : ready) {
      print(trace);
    }
    for (SpanData span : late) {
      printLate(span);
    }
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public CompletableResultCode flush() {
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  /** Prints every still-pending trace as incomplete; later exports do nothing. */
  @Override
  public CompletableResultCode shutdown() {
    List<PendingTrace> rest;
    synchronized (lock) {
      if (shutdown) {
        return CompletableResultCode.ofSuccess();
      }
      shutdown = true;
      rest = buffer.drainAll();
    }
    for (PendingTrace trace : rest) {
      print(trace);
    }
    out.flush();
    return CompletableResultCode.ofSuccess();
  }

  @Override
  public String toString() {
    return "ConsoleTreeExporter{voicetrace-console}";
  }

  private void accept(SpanData span, List<PendingTrace> ready, List<SpanData> late) {
    try {
      if (VoiceSpans.isLocalRoot(span)) {
        ready.add(buffer.take(span));
      } else if (buffer.isFinished(span.getTraceId())) {
        if (VoiceSpans.isVoice(span)) {
          late.add(span);
        }
      } else {
        PendingTrace evicted = buffer.add(span);
        if (evicted != null) {
          ready.add(evicted);
        }
      }
    } catch (RuntimeException e) {
      late.add(span); // printed as one line, or as the fallback if even that fails
    }
  }

  private void print(PendingTrace trace) {
    String text;
    try {
      text = renderer.render(trace);
    } catch (RuntimeException e) {
      text = TreeRenderer.fallback(trace, e);
    }
    if (text != null) {
      out.print(text);
      out.flush();
    }
  }

  private void printLate(SpanData span) {
    String text;
    try {
      text =
          "(late span, trace "
              + span.getTraceId()
              + " already printed) "
              + SpanLine.format(span, 0)
              + System.lineSeparator();
    } catch (RuntimeException e) {
      text =
          "voicetrace-console: could not render a span: "
              + Fmt.abbrev(String.valueOf(e), 200)
              + System.lineSeparator();
    }
    out.print(text);
    out.flush();
  }
}
