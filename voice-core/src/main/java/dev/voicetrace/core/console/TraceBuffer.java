package dev.voicetrace.core.console;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Spans of unfinished traces, per trace id, bounded in traces (oldest evicted first) and in spans per
 * trace; also remembers recently finished trace ids so that late spans can be recognised. Not
 * thread-safe: the exporter guards it.
 */
final class TraceBuffer {

  private final int maxTraces;
  private final int maxSpansPerTrace;
  private final Map<String, PendingTrace> pending = new LinkedHashMap<>();
  private final Set<String> finished;

  TraceBuffer(int maxTraces, int maxSpansPerTrace) {
    this.maxTraces = Math.max(1, maxTraces);
    this.maxSpansPerTrace = Math.max(1, maxSpansPerTrace);
    final int finishedCap = Math.max(1024, 4 * this.maxTraces);
    this.finished =
        Collections.newSetFromMap(
            new LinkedHashMap<String, Boolean>() {
              private static final long serialVersionUID = 1L;

              @Override
              protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > finishedCap;
              }
            });
  }

  /** Buffers a span that is not a local root; returns the oldest trace evicted to make room, or null. */
  PendingTrace add(SpanData span) {
    String traceId = span.getTraceId();
    PendingTrace trace = pending.get(traceId);
    PendingTrace evicted = null;
    if (trace == null) {
      if (pending.size() >= maxTraces) {
        Iterator<PendingTrace> oldest = pending.values().iterator();
        evicted = oldest.next();
        oldest.remove();
      }
      trace = new PendingTrace(traceId);
      pending.put(traceId, trace);
    }
    trace.add(span, maxSpansPerTrace);
    return evicted;
  }

  /** The trace was completed by its root span already: anything arriving now is late. */
  boolean isFinished(String traceId) {
    return finished.contains(traceId);
  }

  /**
   * Takes out what a local root completes: for a trace root, everything buffered for its trace; for a
   * root with a remote parent (the trace may have other parts in this process), its descendants only.
   */
  PendingTrace take(SpanData root) {
    String traceId = root.getTraceId();
    PendingTrace trace = pending.get(traceId);
    PendingTrace taken;
    if (VoiceSpans.isTraceRoot(root)) {
      pending.remove(traceId);
      finished.add(traceId);
      taken = trace != null ? trace : new PendingTrace(traceId);
    } else {
      taken = new PendingTrace(traceId);
      if (trace != null) {
        taken.spans.addAll(descendants(trace.spans, root.getSpanId()));
        Set<SpanData> moved = Collections.newSetFromMap(new IdentityHashMap<>());
        moved.addAll(taken.spans);
        trace.spans.removeIf(moved::contains);
        if (trace.spans.isEmpty()) {
          pending.remove(traceId);
          taken.notShown = trace.notShown;
        }
      }
    }
    taken.root = root;
    return taken;
  }

  /** Empties the buffer, oldest trace first. */
  List<PendingTrace> drainAll() {
    List<PendingTrace> all = new ArrayList<>(pending.values());
    pending.clear();
    return all;
  }

  int size() {
    return pending.size();
  }

  private static List<SpanData> descendants(List<SpanData> spans, String rootId) {
    Map<String, List<SpanData>> byParent = new HashMap<>();
    for (SpanData span : spans) {
      byParent.computeIfAbsent(span.getParentSpanId(), k -> new ArrayList<>()).add(span);
    }
    List<SpanData> found = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    todo.add(rootId);
    seen.add(rootId);
    while (!todo.isEmpty()) {
      List<SpanData> children = byParent.get(todo.poll());
      if (children == null) {
        continue;
      }
      for (SpanData child : children) {
        found.add(child);
        if (seen.add(child.getSpanId())) {
          todo.add(child.getSpanId());
        }
      }
    }
    return found;
  }
}
