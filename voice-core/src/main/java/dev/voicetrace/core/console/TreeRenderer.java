package dev.voicetrace.core.console;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Renders one collected trace as one indented tree string, children in start-time order, upstream
 * client spans under a stage folded into the stage's line; returns null for traces that are noise in
 * this view (no session, turn or stage span).
 */
final class TreeRenderer {

  private static final String NL = System.lineSeparator();
  private static final String BRANCH = "├─ ";
  private static final String LAST = "└─ ";
  private static final String PIPE = "│  ";
  private static final String BLANK = "   ";

  private static final Comparator<SpanData> BY_START =
      Comparator.comparingLong(SpanData::getStartEpochNanos)
          .thenComparingLong(SpanData::getEndEpochNanos)
          .thenComparing(SpanData::getSpanId);

  String render(PendingTrace trace) {
    List<SpanData> all = new ArrayList<>(trace.spans);
    if (trace.root != null) {
      all.add(trace.root);
    }
    if (!worthPrinting(trace.root, all)) {
      return null;
    }
    Map<String, SpanData> byId = new HashMap<>();
    for (SpanData span : all) {
      byId.putIfAbsent(span.getSpanId(), span);
    }
    Map<String, List<SpanData>> children = new HashMap<>();
    List<SpanData> tops = new ArrayList<>();
    Set<SpanData> detached = Collections.newSetFromMap(new IdentityHashMap<>());
    for (SpanData span : all) {
      if (span == trace.root || byId.get(span.getSpanId()) != span) {
        continue;
      }
      String parentId = span.getParentSpanId();
      if (byId.containsKey(parentId) && !parentId.equals(span.getSpanId())) {
        children.computeIfAbsent(parentId, k -> new ArrayList<>()).add(span);
      } else {
        tops.add(span);
        if (trace.root != null) {
          detached.add(span);
        }
      }
    }

    StringBuilder out = new StringBuilder(128 * all.size());
    if (trace.root != null) {
      for (SpanData child : children.getOrDefault(trace.root.getSpanId(), Collections.emptyList())) {
        if (!VoiceSpans.isFoldedUnder(trace.root, child)) {
          tops.add(child);
        }
      }
      out.append(header(trace.root, children)).append(NL);
    } else {
      out.append("(incomplete trace ").append(trace.traceId).append(')').append(NL);
    }
    tops.sort(BY_START);
    writeForest(out, tops, children, detached, trace.notShown > 0);
    if (trace.notShown > 0) {
      out.append(LAST).append("(+").append(trace.notShown).append(" spans not shown)").append(NL);
    }
    return out.toString();
  }

  /** A one-line replacement for a trace that could not be rendered. */
  static String fallback(PendingTrace trace, RuntimeException problem) {
    return "voicetrace-console: could not render trace "
        + trace.traceId
        + " ("
        + (trace.spans.size() + (trace.root != null ? 1 : 0))
        + " spans): "
        + Fmt.abbrev(String.valueOf(problem), 200)
        + NL;
  }

  private static boolean worthPrinting(SpanData root, List<SpanData> all) {
    if (root != null && (VoiceSpans.isSession(root) || VoiceSpans.isTurn(root))) {
      return true;
    }
    for (SpanData span : all) {
      if (root != null ? VoiceSpans.isStage(span) : VoiceSpans.isVoice(span)) {
        return true;
      }
    }
    return false;
  }

  private static String header(SpanData root, Map<String, List<SpanData>> children) {
    String label = "";
    if (VoiceSpans.isTurn(root)) {
      label = "(turn trace) ";
    } else if (!VoiceSpans.isSession(root)) {
      label = "(no session) ";
    }
    return label + SpanLine.format(root, folded(root, children)) + "  trace=" + root.getTraceId();
  }

  private static int folded(SpanData span, Map<String, List<SpanData>> children) {
    int count = 0;
    for (SpanData child : children.getOrDefault(span.getSpanId(), Collections.emptyList())) {
      if (VoiceSpans.isFoldedUnder(span, child)) {
        count++;
      }
    }
    return count;
  }

  /** Depth-first, iterative so that no trace shape can overflow the stack. */
  private static void writeForest(
      StringBuilder out,
      List<SpanData> tops,
      Map<String, List<SpanData>> children,
      Set<SpanData> detached,
      boolean moreAfter) {
    Deque<Item> todo = new ArrayDeque<>();
    for (int i = tops.size() - 1; i >= 0; i--) {
      todo.push(new Item(tops.get(i), "", i == tops.size() - 1 && !moreAfter));
    }
    Set<String> printed = new HashSet<>();
    while (!todo.isEmpty()) {
      Item item = todo.pop();
      SpanData span = item.span;
      if (!printed.add(span.getSpanId())) {
        continue;
      }
      List<SpanData> shown = new ArrayList<>();
      int folded = 0;
      for (SpanData child : children.getOrDefault(span.getSpanId(), Collections.emptyList())) {
        if (VoiceSpans.isFoldedUnder(span, child)) {
          folded++;
        } else {
          shown.add(child);
        }
      }
      out.append(item.indent).append(item.last ? LAST : BRANCH);
      if (detached.contains(span)) {
        out.append("(parent missing) ");
      }
      out.append(SpanLine.format(span, folded)).append(NL);
      shown.sort(BY_START);
      String childIndent = item.indent + (item.last ? BLANK : PIPE);
      for (int i = shown.size() - 1; i >= 0; i--) {
        todo.push(new Item(shown.get(i), childIndent, i == shown.size() - 1));
      }
    }
  }

  private static final class Item {
    final SpanData span;
    final String indent;
    final boolean last;

    Item(SpanData span, String indent, boolean last) {
      this.span = span;
      this.indent = indent;
      this.last = last;
    }
  }
}
