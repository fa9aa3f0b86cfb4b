package dev.voicetrace.smoke.harness;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/** Read-only navigation over a set of received spans: traces, roots, children, sessions. */
public final class TraceView {

  public static final String SESSION = "voice.session";
  public static final String TURN = "voice.turn";

  private static final Comparator<ReceivedSpan> BY_START =
      Comparator.comparingLong(ReceivedSpan::startEpochNanos).thenComparing(ReceivedSpan::name);

  private final List<ReceivedSpan> spans;
  private final Map<String, List<ReceivedSpan>> byTrace;

  public TraceView(List<ReceivedSpan> spans) {
    this.spans = List.copyOf(spans);
    this.byTrace = this.spans.stream()
        .collect(Collectors.groupingBy(ReceivedSpan::traceId, LinkedHashMap::new, Collectors.toList()));
  }

  public List<ReceivedSpan> spans() {
    return spans;
  }

  public Set<String> traceIds() {
    return byTrace.keySet();
  }

  public List<ReceivedSpan> trace(String traceId) {
    return byTrace.getOrDefault(traceId, List.of());
  }

  /** The spans of {@code traceId} that have no parent, or whose parent was not received. */
  public List<ReceivedSpan> roots(String traceId) {
    List<ReceivedSpan> trace = trace(traceId);
    Set<String> ids = trace.stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
    return trace.stream().filter(s -> s.isRoot() || !ids.contains(s.parentSpanId())).sorted(BY_START).toList();
  }

  public List<ReceivedSpan> children(ReceivedSpan parent) {
    return trace(parent.traceId()).stream()
        .filter(s -> s.parentSpanId().equals(parent.spanId()))
        .sorted(BY_START)
        .toList();
  }

  public List<ReceivedSpan> children(ReceivedSpan parent, String namePrefix) {
    return children(parent).stream().filter(s -> s.name().startsWith(namePrefix)).toList();
  }

  /** Every span below {@code ancestor} (not including it), depth first. */
  public List<ReceivedSpan> descendants(ReceivedSpan ancestor) {
    List<ReceivedSpan> out = new ArrayList<>();
    for (ReceivedSpan child : children(ancestor)) {
      out.add(child);
      out.addAll(descendants(child));
    }
    return out;
  }

  public Optional<ReceivedSpan> parentOf(ReceivedSpan span) {
    return trace(span.traceId()).stream().filter(s -> s.spanId().equals(span.parentSpanId())).findFirst();
  }

  public Optional<ReceivedSpan> bySpanId(String spanId) {
    return spans.stream().filter(s -> s.spanId().equals(spanId)).findFirst();
  }

  public List<ReceivedSpan> named(String name) {
    return spans.stream().filter(s -> s.name().equals(name)).sorted(BY_START).toList();
  }

  public List<ReceivedSpan> matching(Predicate<ReceivedSpan> predicate) {
    return spans.stream().filter(predicate).sorted(BY_START).toList();
  }

  /** The {@code voice.session} span at or above {@code span}, or {@code null} when it stands outside any call. */
  public ReceivedSpan sessionAbove(ReceivedSpan span) {
    ReceivedSpan current = span;
    while (current != null && !current.name().equals(SESSION)) {
      current = parentOf(current).orElse(null);
    }
    return current;
  }

  /** The text_to_speech span of a trace (e.g. the trace a recorded provider request carried). */
  public ReceivedSpan ttsInTrace(String traceId) {
    return trace(traceId).stream().filter(VoiceSpans::isTts).findFirst()
        .orElseThrow(() -> new AssertionError("no text_to_speech span in trace " + traceId + "\n" + render()));
  }

  public List<ReceivedSpan> sessions() {
    return named(SESSION);
  }

  /** The {@code voice.session} span whose {@code voice.call.id} is {@code callId}, if received. */
  public Optional<ReceivedSpan> sessionOf(String callId) {
    return sessions().stream().filter(s -> callId.equals(s.stringAttr("voice.call.id"))).findFirst();
  }

  public List<ReceivedSpan> sessionsOf(String callId) {
    return sessions().stream().filter(s -> callId.equals(s.stringAttr("voice.call.id"))).toList();
  }

  /** All spans as indented trees, one per trace; for failure messages. */
  public String render() {
    StringBuilder sb = new StringBuilder();
    for (String traceId : byTrace.keySet()) {
      sb.append(renderTrace(traceId));
    }
    return sb.toString();
  }

  public String renderTrace(String traceId) {
    StringBuilder sb = new StringBuilder("trace ").append(traceId).append('\n');
    for (ReceivedSpan root : roots(traceId)) {
      render(root, 1, sb);
    }
    return sb.toString();
  }

  private void render(ReceivedSpan span, int depth, StringBuilder sb) {
    sb.append("  ".repeat(depth)).append(span.describe())
        .append(String.format(" (%.3fs, service=%s)", span.durationSeconds(), span.serviceName()))
        .append('\n');
    for (ReceivedSpan child : children(span)) {
      render(child, depth + 1, sb);
    }
  }

  @Override
  public String toString() {
    return render();
  }
}
