package dev.voicetrace.core.console;

import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.List;

/**
 * The spans of one trace collected so far, at most a fixed number (the rest only counted), plus the
 * local root that completed it, or none when the trace is printed incomplete.
 */
final class PendingTrace {

  final String traceId;
  final List<SpanData> spans = new ArrayList<>();
  int notShown;
  SpanData root;

  PendingTrace(String traceId) {
    this.traceId = traceId;
  }

  void add(SpanData span, int maxSpans) {
    if (spans.size() < maxSpans) {
      spans.add(span);
    } else {
      notShown++;
    }
  }

  boolean isComplete() {
    return root != null;
  }
}
