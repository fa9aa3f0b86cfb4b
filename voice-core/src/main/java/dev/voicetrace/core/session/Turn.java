package dev.voicetrace.core.session;

import dev.voicetrace.core.VoiceAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;

/** One user→bot exchange: a {@code voice.turn} span and the evidence that shapes it. */
final class Turn {
  final int number;
  final Span span;
  final Context context;
  long userEndNanos;
  String latencyBasis;
  int activeReplies;
  /** Playback marks the bot sent after its audio that the platform has not echoed yet. */
  final java.util.Set<String> pendingMarks = new java.util.HashSet<>();
  /** Tool calls the model asked for in this turn that the bot has not answered yet. */
  final ToolCalls tools = new ToolCalls();
  boolean replyStarted;
  long firstAudioNanos;
  /** When the bot first sent this turn's audio to the caller (an outbound media frame), 0 until then. */
  long firstAudioSentNanos;
  long lastReplyEndNanos;
  long generation;
  /** The pending quiet-gap check (it holds the session): cancelled when the turn ends or a newer one is set. */
  java.util.concurrent.ScheduledFuture<?> quietGapCheck;
  private boolean ended;

  Turn(Session session, int number, long startNanos, String latencyBasis) {
    this.number = number;
    this.userEndNanos = startNanos;
    this.latencyBasis = latencyBasis;
    VoiceTelemetry t = session.telemetry;
    io.opentelemetry.api.trace.SpanBuilder b = t.tracer.spanBuilder("voice.turn")
        .setSpanKind(SpanKind.INTERNAL)
        .setStartTimestamp(VoiceClock.toEpochNanos(startNanos), java.util.concurrent.TimeUnit.NANOSECONDS)
        .setAttribute(VoiceAttributes.SESSION_ID, session.id)
        .setAttribute(VoiceAttributes.CONVERSATION_ID, session.id)
        .setAttribute(VoiceAttributes.OPENINFERENCE_KIND, "CHAIN")
        .setAttribute(VoiceAttributes.TURN_NUMBER, (long) number);
    if ("turn".equals(t.config.tracePer)) {
      b.setNoParent().addLink(session.span.getSpanContext());
    } else {
      b.setParent(session.context);
    }
    if (latencyBasis != null) {
      b.setAttribute(VoiceAttributes.TURN_LATENCY_BASIS, latencyBasis);
    }
    this.span = b.startSpan();
    this.context = session.context.with(span);
  }

  /**
   * Better evidence of when the user stopped speaking (their audio went quiet) than the request that
   * opened the turn; used while the bot has not answered yet (an utterance split across two STT
   * requests ends with its second part).
   */
  void userSpeechEnded(long nanos, String basis) {
    if (firstAudioNanos == 0) {
      userEndNanos = nanos;
      latencyBasis = basis;
      span.setAttribute(VoiceAttributes.TURN_LATENCY_BASIS, basis);
    }
  }

  /** The first byte of the turn's first TTS response: the user-to-bot latency, until better evidence. */
  void firstAudio(Session session, long nanos) {
    if (firstAudioNanos != 0) {
      return;
    }
    firstAudioNanos = nanos;
    if (latencyBasis != null && firstAudioSentNanos == 0) {
      span.setAttribute(VoiceAttributes.TURN_USER_TO_BOT, VoiceClock.seconds(nanos - userEndNanos));
    }
  }

  /**
   * The bot sent the turn's first audio frame to the caller (a telephony {@code media}/{@code
   * playAudio} message after its TTS began): when the caller starts hearing the reply, so the
   * user-to-bot latency ends here rather than at the TTS byte it came from.
   */
  void firstAudioSent(long nanos) {
    if (firstAudioSentNanos != 0 || firstAudioNanos == 0) {
      return;
    }
    firstAudioSentNanos = nanos;
    if (latencyBasis != null) {
      span.setAttribute(VoiceAttributes.TURN_USER_TO_BOT, VoiceClock.seconds(nanos - userEndNanos));
    }
  }

  /** Where the user-to-bot latency ends: the first frame sent to the caller, else the first TTS byte. */
  private long latencyEndNanos() {
    return firstAudioSentNanos != 0 ? firstAudioSentNanos : firstAudioNanos;
  }

  /** Bot audio is still being produced (a TTS stream) or played (a mark not yet echoed). */
  boolean botSpeaking() {
    return activeReplies > 0 || !pendingMarks.isEmpty();
  }

  /**
   * The bot is still working on its reply: speaking, or running a tool the model asked for (the
   * quiet gap that ends a turn waits for both).
   */
  boolean busy() {
    return botSpeaking() || !tools.isEmpty();
  }

  /** Barge-in: the moment the bot's audio was cut, as a {@code voice.interruption} event. */
  void interrupted(String evidence, long nanos) {
    span.addEvent(
        "voice.interruption",
        io.opentelemetry.api.common.Attributes.of(
            io.opentelemetry.api.common.AttributeKey.stringKey("voice.interruption.evidence"), evidence),
        VoiceClock.toEpochNanos(nanos),
        java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  void end(Session session, String reason, long endNanos) {
    if (ended) {
      return;
    }
    ended = true;
    boolean interrupted = "interrupted".equals(reason);
    span.setAttribute(VoiceAttributes.TURN_END_REASON, reason);
    span.setAttribute(VoiceAttributes.TURN_INTERRUPTED, interrupted);
    if (firstAudioNanos != 0 && latencyBasis != null) {
      session.telemetry.userToBot(VoiceClock.seconds(latencyEndNanos() - userEndNanos), interrupted);
    }
    if ("error".equals(reason)) {
      span.setStatus(StatusCode.ERROR);
    }
    long end = Math.max(endNanos, userEndNanos);
    tools.turnEnded(end); // tool calls never answered end with their turn
    span.end(VoiceClock.toEpochNanos(Math.max(end, tools.latestEndNanos())), java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
