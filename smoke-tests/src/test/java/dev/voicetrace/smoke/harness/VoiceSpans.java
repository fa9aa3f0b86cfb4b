package dev.voicetrace.smoke.harness;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** Recognising voicetrace's spans, and waiting for a call's trace to be complete in the receiver. */
public final class VoiceSpans {

  public static final String STT_PREFIX = "speech_to_text";
  public static final String CHAT_PREFIX = "chat";
  public static final String TTS_PREFIX = "text_to_speech";

  private VoiceSpans() {}

  public static boolean isSession(ReceivedSpan s) {
    return s.name().equals(TraceView.SESSION);
  }

  public static boolean isTurn(ReceivedSpan s) {
    return s.name().equals(TraceView.TURN);
  }

  public static boolean isStt(ReceivedSpan s) {
    return isStage(s, STT_PREFIX);
  }

  public static boolean isChat(ReceivedSpan s) {
    return isStage(s, CHAT_PREFIX);
  }

  public static boolean isTts(ReceivedSpan s) {
    return isStage(s, TTS_PREFIX);
  }

  /** A voicetrace stage span: CLIENT, named after its operation. */
  public static boolean isStage(ReceivedSpan s) {
    return isStt(s) || isChat(s) || isTts(s) || s.name().startsWith("execute_tool");
  }

  private static boolean isStage(ReceivedSpan s, String operation) {
    return s.kind().equals("CLIENT") && (s.name().equals(operation) || s.name().startsWith(operation + " "));
  }

  /** Upstream's HTTP client span (it has {@code http.request.method}). */
  public static boolean isHttpClient(ReceivedSpan s) {
    return s.kind().equals("CLIENT") && s.has("http.request.method");
  }

  public static boolean isVoiceSpan(ReceivedSpan s) {
    return isSession(s) || isTurn(s) || isStage(s);
  }

  /**
   * Waits until the {@code voice.session} of {@code callId} has arrived together with as many turns as
   * it counts and at least {@code minStageSpans} stage spans in its trace; returns a view of all
   * spans of the service at that moment.
   */
  public static TraceView awaitCallTrace(OtlpReceiver receiver, String serviceName, String callId, int minStageSpans,
      Duration timeout) {
    Predicate<List<ReceivedSpan>> complete = spans -> {
      TraceView v = new TraceView(spans);
      Optional<ReceivedSpan> session = v.sessionOf(callId);
      if (session.isEmpty()) {
        return false;
      }
      List<ReceivedSpan> trace = v.trace(session.get().traceId());
      Long turns = session.get().longAttr("voice.session.turns");
      long turnSpans = trace.stream().filter(VoiceSpans::isTurn).count();
      long stageSpans = trace.stream().filter(VoiceSpans::isStage).count();
      return (turns == null || turnSpans >= turns) && stageSpans >= minStageSpans;
    };
    return new TraceView(receiver.awaitServiceSpans(serviceName,
        "the complete trace of call " + callId + " (its voice.session, all its turns and >= " + minStageSpans
            + " stage spans)", complete, timeout));
  }
}
