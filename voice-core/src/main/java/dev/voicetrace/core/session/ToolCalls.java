package dev.voicetrace.core.session;

import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.provider.ResponseFacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The tool calls of one turn that the model asked for and the bot has not answered yet, each an
 * {@code execute_tool {name}} span, a child of the turn. A call starts when the chat response that
 * announced it ends (the bot starts running the tool) and ends when a later chat request carries a
 * {@code tool} message with its id (the bot has the result), or unanswered with the turn.
 *
 * <p>Not thread-safe: used under the session's lock.
 */
final class ToolCalls {
  /** Bounds what a misbehaving model or bot can make us keep. */
  private static final int MAX_PENDING = 64;

  private final List<PendingToolCall> pending = new ArrayList<>(2);
  private long latestEndNanos;

  boolean isEmpty() {
    return pending.isEmpty();
  }

  /**
   * A chat response that ended at {@code nanos} announced {@code calls}: one span each, unless a
   * call with the same id is already running or the session's span cap is reached.
   */
  void announced(Session session, Context turnContext, List<ResponseFacts.ToolCall> calls, long nanos) {
    for (ResponseFacts.ToolCall call : calls) {
      if (call.name == null || call.name.isEmpty() || pending.size() >= MAX_PENDING || find(call.id) != null) {
        continue;
      }
      if (!session.reserveStage()) {
        continue;
      }
      pending.add(new PendingToolCall(session, turnContext, call, nanos));
    }
  }

  /**
   * A chat request started at {@code nanos} sends {@code results} (tool call id → content): the
   * matching calls end then. Ids of calls already ended (earlier turns' history) match nothing.
   */
  void answered(Map<String, String> results, long nanos) {
    if (pending.isEmpty()) {
      return;
    }
    for (Iterator<PendingToolCall> it = pending.iterator(); it.hasNext(); ) {
      PendingToolCall call = it.next();
      if (call.id != null && results.containsKey(call.id)) {
        it.remove();
        latestEndNanos = Math.max(latestEndNanos, call.end(results.get(call.id), false, nanos));
      }
    }
  }

  /** The turn ends: calls never answered end with it, marked {@code voice.tool.unanswered}. */
  void turnEnded(long nanos) {
    List<PendingToolCall> left = new ArrayList<>(pending);
    pending.clear();
    for (PendingToolCall call : left) {
      latestEndNanos = Math.max(latestEndNanos, call.end(null, true, nanos));
    }
  }

  /** When the last tool span of the turn ended (0 if none): a turn never ends before its tool spans. */
  long latestEndNanos() {
    return latestEndNanos;
  }

  private PendingToolCall find(String id) {
    if (id == null) {
      return null;
    }
    for (PendingToolCall call : pending) {
      if (id.equals(call.id)) {
        return call;
      }
    }
    return null;
  }

  /** One running tool call and its span. */
  static final class PendingToolCall {
    final String id;
    final String name;
    private final Span span;
    private final long startNanos;
    private final boolean captureContent;
    private final int maxLength;

    PendingToolCall(Session session, Context turnContext, ResponseFacts.ToolCall call, long startNanos) {
      this.id = call.id;
      this.name = call.name;
      this.startNanos = startNanos;
      VoiceTelemetry t = session.telemetry;
      this.captureContent = t.config.captureContent;
      this.maxLength = t.config.captureMaxLength;
      io.opentelemetry.api.trace.SpanBuilder b = t.tracer.spanBuilder("execute_tool " + name)
          .setSpanKind(SpanKind.INTERNAL)
          .setParent(turnContext)
          .setStartTimestamp(VoiceClock.toEpochNanos(startNanos), TimeUnit.NANOSECONDS)
          .setAttribute(VoiceAttributes.OPERATION, "execute_tool")
          .setAttribute(VoiceAttributes.OPENINFERENCE_KIND, "TOOL")
          .setAttribute(VoiceAttributes.TOOL_NAME, name)
          .setAttribute(VoiceAttributes.SESSION_ID, session.id)
          .setAttribute(VoiceAttributes.CONVERSATION_ID, session.id);
      if (id != null) {
        b.setAttribute(VoiceAttributes.TOOL_CALL_ID, id);
      }
      if (captureContent && call.arguments.length() > 0) {
        b.setAttribute(VoiceAttributes.TOOL_CALL_ARGUMENTS, truncate(call.arguments.toString()));
      }
      this.span = b.startSpan();
    }

    /** Ends the span at {@code nanos} (never before its start) and returns that end. */
    long end(String result, boolean unanswered, long nanos) {
      if (unanswered) {
        span.setAttribute(VoiceAttributes.TOOL_UNANSWERED, true);
      }
      if (captureContent && result != null) {
        span.setAttribute(VoiceAttributes.TOOL_CALL_RESULT, truncate(result));
      }
      long end = Math.max(nanos, startNanos);
      span.end(VoiceClock.toEpochNanos(end), TimeUnit.NANOSECONDS);
      return end;
    }

    private String truncate(String s) {
      return s.length() <= maxLength ? s : s.substring(0, maxLength);
    }
  }
}
