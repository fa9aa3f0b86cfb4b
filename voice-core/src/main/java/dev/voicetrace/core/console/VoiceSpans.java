package dev.voicetrace.core.console;

import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;

/** Classifies spans for the console view: session, turn, stage, local root, foldable upstream client span. */
final class VoiceSpans {

  static final String SESSION = "voice.session";
  static final String TURN = "voice.turn";
  static final String OPERATION = "gen_ai.operation.name";

  private VoiceSpans() {}

  static boolean isSession(SpanData span) {
    return SESSION.equals(span.getName());
  }

  static boolean isTurn(SpanData span) {
    return TURN.equals(span.getName());
  }

  static boolean isStage(SpanData span) {
    return Attrs.raw(span.getAttributes(), OPERATION) != null;
  }

  static boolean isVoice(SpanData span) {
    return isSession(span) || isTurn(span) || isStage(span);
  }

  /** No parent at all: nothing else of this trace can be its ancestor. */
  static boolean isTraceRoot(SpanData span) {
    return !span.getParentSpanContext().isValid();
  }

  /** The root of this process's part of the trace: no parent, or a parent in another process. */
  static boolean isLocalRoot(SpanData span) {
    SpanContext parent = span.getParentSpanContext();
    return !parent.isValid() || parent.isRemote();
  }

  /** An upstream HTTP / WebSocket client span, counted on its stage's line instead of printed. */
  static boolean isFoldedUnder(SpanData parent, SpanData child) {
    return isStage(parent) && child.getKind() == SpanKind.CLIENT && !isVoice(child);
  }
}
