package dev.voicetrace.core.session;

import dev.voicetrace.core.VoiceAttributes;
import dev.voicetrace.core.provider.ResponseFacts;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.ContextKey;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One call: the {@code voice.session} span (root of its trace), its turns and the stage calls in
 * flight. All state changes happen under the session's lock; the turn rules are in the {@code on*}
 * methods and documented in the README.
 */
public final class Session {
  static final ContextKey<Session> KEY = ContextKey.named("voicetrace-session");
  /** Caller speech that ended longer ago than this before an STT request is not its utterance. */
  private static final long CALLER_SPEECH_WINDOW_NANOS = TimeUnit.SECONDS.toNanos(10);

  final String id = UUID.randomUUID().toString();
  final VoiceTelemetry telemetry;
  final Span span;
  final Context context;
  /** How hand-offs refer to this session: they must never keep an ended call alive. */
  final WeakReference<Session> weakRef = new WeakReference<>(this);
  final long startNanos;
  volatile long lastActivityNanos;
  private String source;
  private Turn turn;
  private int turnCount;
  private int stageSpans;
  private int dropped;
  private boolean ended;
  private final Set<StageCall> activeStages = new LinkedHashSet<>();
  Object lastInbound;
  Object lastOutbound;
  /** The caller's audio is μ-law that {@link CallerAudio} can read (until a {@code start} says otherwise). */
  volatile boolean callerAudioReadable = true;
  /** When the caller's last speech frame ended (0: none yet), and the turn it was last used for. */
  private long callerSpeechEndNanos;
  private long callerSpeechUsedNanos;
  /** This JVM's clock minus the media stream's clock (the smallest seen), once a frame had a timestamp. */
  private long streamClockOffsetNanos;
  private boolean streamClockKnown;

  Session(VoiceTelemetry telemetry, String source, Context creationContext) {
    this.telemetry = telemetry;
    this.source = source;
    this.startNanos = VoiceClock.now();
    this.lastActivityNanos = startNanos;
    SpanBuilder b = telemetry.tracer.spanBuilder("voice.session")
        .setSpanKind(SpanKind.INTERNAL)
        .setNoParent()
        .setStartTimestamp(VoiceClock.toEpochNanos(startNanos), TimeUnit.NANOSECONDS)
        .setAttribute(VoiceAttributes.SESSION_ID, id)
        .setAttribute(VoiceAttributes.CONVERSATION_ID, id)
        .setAttribute(VoiceAttributes.OPENINFERENCE_KIND, "CHAIN")
        .setAttribute(VoiceAttributes.SESSION_SOURCE, source);
    Span upgrade = Span.fromContext(creationContext);
    if (upgrade.getSpanContext().isValid()) {
      // the HTTP upgrade request that carried the connection: linked, never the parent
      b.addLink(upgrade.getSpanContext());
    }
    this.span = b.startSpan();
    this.context = Context.root().with(span).with(KEY, this);
    telemetry.sessionStarted(source);
  }

  /** The session in a context, or {@code null}. */
  public static Session from(Context context) {
    return context.get(KEY);
  }

  public String id() {
    return id;
  }

  synchronized boolean isEnded() {
    return ended;
  }

  void touch() {
    lastActivityNanos = VoiceClock.now();
  }

  /** Telephony identifiers from a media-stream {@code start} message. */
  synchronized void identify(String newSource, String callId, String streamId) {
    if (ended) {
      return;
    }
    if (newSource != null && !newSource.equals(source)) {
      telemetry.sessionEnded(source);
      telemetry.sessionStarted(newSource);
      source = newSource;
      span.setAttribute(VoiceAttributes.SESSION_SOURCE, newSource);
    }
    if (callId != null) {
      span.setAttribute(VoiceAttributes.CALL_ID, callId);
    }
    if (streamId != null) {
      span.setAttribute(VoiceAttributes.STREAM_ID, streamId);
    }
  }

  // ---- turn rules ---------------------------------------------------------------------------

  /**
   * Evidence of a new user utterance (an STT request). It opens a turn; if the current turn already
   * has a reply, that turn ends first — interrupted when its reply is still being produced.
   */
  synchronized Context onUserUtterance(String basis, long nanos) {
    if (ended) {
      return null;
    }
    long speechEnd = 0;
    if (callerSpeechEndNanos > callerSpeechUsedNanos && callerSpeechEndNanos <= nanos
        && nanos - callerSpeechEndNanos < CALLER_SPEECH_WINDOW_NANOS) {
      speechEnd = callerSpeechEndNanos; // the caller's audio says when they stopped: the best evidence
      callerSpeechUsedNanos = callerSpeechEndNanos;
    }
    if (turn != null && turn.replyStarted) {
      if (turn.botSpeaking()) {
        turn.interrupted("user_speech", nanos);
        endTurn("interrupted", nanos);
      } else {
        endTurn("completed", turn.lastReplyEndNanos);
      }
    }
    if (turn == null) {
      openTurn(nanos, basis);
    }
    if (speechEnd != 0) {
      turn.userSpeechEnded(speechEnd, "inbound_audio");
    }
    return turn.context;
  }

  /**
   * A frame of the caller's audio arrived at {@code nanos}; {@code speechNanos} of it is speech (0:
   * silence). {@code streamMillis} is its place in the stream ({@code timestamp}, -1 if none): the
   * earliest arrival relative to it anchors stream time to this JVM's clock, so that a frame the bot
   * got late still says when it was spoken.
   */
  synchronized void onCallerAudio(long nanos, long speechNanos, long streamMillis) {
    long spokenAt = nanos;
    if (streamMillis >= 0) {
      long offset = nanos - TimeUnit.MILLISECONDS.toNanos(streamMillis);
      if (!streamClockKnown || offset < streamClockOffsetNanos) {
        streamClockOffsetNanos = offset;
        streamClockKnown = true;
      }
      spokenAt = streamClockOffsetNanos + TimeUnit.MILLISECONDS.toNanos(streamMillis);
    }
    if (speechNanos > 0) {
      callerSpeechEndNanos = spokenAt + speechNanos;
    }
  }

  /** An LLM request: part of the current turn, or opens one when none is open. */
  synchronized Context onLlmRequest(long nanos) {
    if (ended) {
      return null;
    }
    if (turn == null) {
      openTurn(nanos, "llm_request");
    }
    turn.generation++;
    return turn.context;
  }

  /** Bot speech starts (a TTS request): part of the current turn, or a bot-initiated turn. */
  synchronized Context onReplyStarted(long nanos) {
    if (ended) {
      return null;
    }
    if (turn == null) {
      openTurn(nanos, null);
    }
    turn.replyStarted = true;
    turn.activeReplies++;
    turn.generation++;
    return turn.context;
  }

  /** The bot sent an audio frame to the caller: the current turn's first one ends its user-to-bot latency. */
  synchronized void onBotAudioSent(long nanos) {
    if (turn != null && turn.replyStarted) {
      turn.firstAudioSent(nanos);
    }
  }

  /** The first audio byte of a reply arrived. */
  synchronized void onReplyAudio(Context turnContext, long nanos) {
    if (turn != null && turn.context == turnContext) {
      turn.firstAudio(this, nanos);
    }
  }

  /**
   * A reply finished. When no other reply of the turn is in flight, the turn ends after the quiet
   * gap unless more bot output starts in the meantime.
   */
  synchronized void onReplyEnded(Context turnContext, long nanos) {
    if (turn == null || turn.context != turnContext) {
      return;
    }
    final Turn current = turn;
    current.activeReplies = Math.max(0, current.activeReplies - 1);
    current.lastReplyEndNanos = nanos;
    scheduleQuietGap(current);
  }

  /**
   * A chat response of the turn {@code turnContext} ended at {@code nanos} having asked for tool
   * calls: the bot runs them now, each an {@code execute_tool} span under that turn (if it is still
   * the current one).
   */
  synchronized void onToolCalls(Context turnContext, List<ResponseFacts.ToolCall> calls, long nanos) {
    if (ended || turn == null || turn.context != turnContext || calls.isEmpty()) {
      return;
    }
    turn.tools.announced(this, turnContext, calls, nanos);
  }

  /**
   * A chat request that started at {@code nanos} sends tool results (tool call id → content): the
   * current turn's matching tool calls end then.
   */
  synchronized void onToolResults(Map<String, String> results, long nanos) {
    if (turn != null && !results.isEmpty()) {
      turn.tools.answered(results, nanos);
    }
  }

  /**
   * When the bot is neither producing nor playing audio nor running a tool, the turn ends after
   * the quiet gap.
   */
  private void scheduleQuietGap(final Turn current) {
    if (!current.busy()) {
      final long generation = ++current.generation;
      cancelQuietGapCheck(current);
      current.quietGapCheck =
          VoiceClock.schedule(() -> quietGapPassed(current, generation), telemetry.config.quietGap.toNanos());
    }
  }

  private static void cancelQuietGapCheck(Turn t) {
    java.util.concurrent.ScheduledFuture<?> check = t.quietGapCheck;
    t.quietGapCheck = null;
    if (check != null) {
      check.cancel(false); // removed from the timer's queue: an ended session is not kept for the gap
    }
  }

  private synchronized void quietGapPassed(Turn candidate, long generation) {
    if (turn == candidate && candidate.generation == generation && !candidate.busy()) {
      endTurn("completed", candidate.lastReplyEndNanos);
    }
  }

  /**
   * The bot sent a playback mark (Twilio {@code mark}, Plivo {@code checkpoint}) after audio: the
   * turn's reply is not over until the platform echoes it (the caller heard the audio).
   */
  synchronized void onMarkSent(String name) {
    if (turn != null && name != null && turn.replyStarted) {
      turn.pendingMarks.add(name);
      turn.generation++;
    }
  }

  /** The platform echoed a mark ({@code mark} / {@code playedStream}): that audio has played. */
  synchronized void onMarkPlayed(String name, long nanos) {
    if (turn != null && name != null && turn.pendingMarks.remove(name)) {
      turn.lastReplyEndNanos = Math.max(turn.lastReplyEndNanos, nanos);
      scheduleQuietGap(turn);
    }
  }

  /**
   * The bot told the platform to drop its queued audio (Twilio {@code clear}, Plivo {@code
   * clearAudio}): direct evidence of barge-in while the bot was speaking.
   */
  synchronized void onClear(long nanos) {
    if (turn != null && turn.botSpeaking()) {
      turn.interrupted("clear", nanos);
      endTurn("interrupted", nanos);
    }
  }

  private void openTurn(long nanos, String basis) {
    turnCount++;
    turn = new Turn(this, turnCount, nanos, basis);
  }

  private void endTurn(String reason, long nanos) {
    Turn t = turn;
    turn = null;
    if (t != null) {
      cancelQuietGapCheck(t);
      t.end(this, reason, nanos == 0 ? VoiceClock.now() : nanos);
    }
  }

  // ---- stages -------------------------------------------------------------------------------

  /** Counts a stage span against the cap; false when the session is full or over. */
  synchronized boolean reserveStage() {
    if (ended) {
      return false;
    }
    if (stageSpans >= telemetry.config.maxSpansPerSession) {
      dropped++;
      return false;
    }
    stageSpans++;
    return true;
  }

  /** A stage call started; it is ended with the session if still in flight then. */
  void stageStarted(StageCall call) {
    boolean late;
    synchronized (this) {
      late = ended;
      if (!late) {
        activeStages.add(call);
      }
    }
    if (late) {
      call.endBySession("closed");
    }
  }

  synchronized void stageEnded(StageCall call) {
    activeStages.remove(call);
    touch();
  }

  // ---- end ----------------------------------------------------------------------------------

  /** Ends the session (idempotent): the open turn and stage spans first, then the session span. */
  void end(String reason) {
    List<StageCall> stages;
    boolean replyOver;
    synchronized (this) {
      if (ended) {
        return;
      }
      ended = true;
      stages = new ArrayList<>(activeStages);
      activeStages.clear();
      // decided before the in-flight stages end: their ends would make a cut-off reply look finished
      replyOver = turn != null && turn.replyStarted && !turn.botSpeaking();
    }
    for (StageCall stage : stages) {
      stage.endBySession(reason);
    }
    synchronized (this) {
      long now = VoiceClock.now();
      if (turn != null && replyOver) {
        endTurn("completed", turn.lastReplyEndNanos); // the reply was over; only the quiet gap was left
      } else if (turn != null) {
        endTurn("session_closed", now);
      }
      span.setAttribute(VoiceAttributes.SESSION_TURNS, (long) turnCount);
      span.setAttribute(VoiceAttributes.SESSION_END_REASON, reason);
      if (dropped > 0) {
        span.setAttribute(VoiceAttributes.SESSION_DROPPED_SPANS, (long) dropped);
      }
      if ("error".equals(reason)) {
        span.setStatus(StatusCode.ERROR);
      }
      span.end(VoiceClock.toEpochNanos(now), TimeUnit.NANOSECONDS);
      telemetry.sessionEnded(source);
    }
  }
}
