package dev.voicetrace.core.console;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;

/**
 * Formats one span as one line of the tree (without the tree prefix): its label, the key attributes it
 * carries, its duration, {@code ERROR …} when failed, and how many upstream client spans were folded in.
 */
final class SpanLine {

  static final int CALL_ID_CHARS = 8;
  static final int VOICE_CHARS = 12;
  static final int NAME_CHARS = 100;
  private static final String GAP = "  ";

  private SpanLine() {}

  static String format(SpanData span, int foldedClientSpans) {
    StringBuilder b = new StringBuilder(96);
    Attributes a = span.getAttributes();
    if (VoiceSpans.isSession(span)) {
      session(b, a);
    } else if (VoiceSpans.isTurn(span)) {
      turn(b, a);
    } else if (VoiceSpans.isStage(span)) {
      stage(b, span.getName(), a);
    } else {
      b.append(Fmt.abbrev(span.getName(), NAME_CHARS));
    }
    b.append(GAP).append(Fmt.nanos(span.getEndEpochNanos() - span.getStartEpochNanos()));
    error(b, span.getStatus(), a);
    if (foldedClientSpans == 1) {
      b.append(GAP).append("(1 http)");
    } else if (foldedClientSpans > 1) {
      b.append(GAP).append('(').append(foldedClientSpans).append(" http attempts)");
    }
    return b.toString();
  }

  private static void session(StringBuilder b, Attributes a) {
    b.append(VoiceSpans.SESSION);
    StringBuilder kv = new StringBuilder();
    String call = Attrs.text(a, "voice.call.id");
    if (call != null) {
      pair(kv, "call", Fmt.abbrev(call, CALL_ID_CHARS));
    } else if (Attrs.text(a, "session.id") != null) {
      pair(kv, "session", Fmt.abbrev(Attrs.text(a, "session.id"), CALL_ID_CHARS));
    }
    pair(kv, "source", Attrs.text(a, "voice.session.source"));
    pair(kv, "turns", Attrs.text(a, "voice.session.turns"));
    pair(kv, "end", Attrs.text(a, "voice.session.end_reason"));
    Long dropped = Attrs.integer(a, "voice.session.dropped_spans");
    if (dropped != null && dropped > 0) {
      pair(kv, "dropped_spans", String.valueOf(dropped));
    }
    if (kv.length() > 0) {
      b.append(GAP).append(kv);
    }
  }

  private static void turn(StringBuilder b, Attributes a) {
    b.append(VoiceSpans.TURN);
    Long number = Attrs.integer(a, "voice.turn.number");
    if (number != null) {
      b.append(" #").append(number);
    }
    if (Attrs.flag(a, "voice.turn.interrupted")) {
      b.append(GAP).append("interrupted");
    }
    Double latency = Attrs.decimal(a, "voice.turn.user_to_bot_latency");
    if (latency != null) {
      b.append(GAP).append("user→bot ").append(Fmt.seconds(latency));
      String basis = Attrs.text(a, "voice.turn.latency_basis");
      if (basis != null) {
        b.append(" (").append(Fmt.abbrev(basis, 40)).append(')');
      }
    }
  }

  private static void stage(StringBuilder b, String name, Attributes a) {
    b.append(Fmt.abbrev(name, NAME_CHARS));
    String provider = Attrs.text(a, "gen_ai.provider.name");
    if (provider != null) {
      b.append(GAP).append(Fmt.abbrev(provider, 40));
    }
    String voice = Attrs.text(a, "gen_ai.speech.voice");
    if (voice != null) {
      b.append(GAP).append("voice=").append(Fmt.abbrev(voice, VOICE_CHARS));
    }
    Long chars = Attrs.integer(a, "voice.tts.characters");
    if (chars != null) {
      b.append(GAP).append("chars ").append(chars);
    }
    Long audio = Attrs.integer(a, "voice.tts.audio_bytes");
    if (audio != null) {
      b.append(GAP).append("audio ").append(audio).append(" B");
    }
    Double ttfb = Attrs.decimal(a, "voice.ttfb");
    if (ttfb != null) {
      b.append(GAP).append("ttfb ").append(Fmt.seconds(ttfb));
    }
    Long in = Attrs.integer(a, "gen_ai.usage.input_tokens");
    Long out = Attrs.integer(a, "gen_ai.usage.output_tokens");
    if (in != null || out != null) {
      b.append(GAP).append("tokens ").append(in == null ? "?" : in).append('→')
          .append(out == null ? "?" : out);
    }
    if (Attrs.flag(a, "voice.cancelled")) {
      b.append(GAP).append("cancelled");
    }
    if (Attrs.flag(a, "voice.abandoned")) {
      b.append(GAP).append("abandoned");
    }
    if (Attrs.flag(a, "voice.tool.unanswered")) {
      b.append(GAP).append("unanswered");
    }
  }

  private static void error(StringBuilder b, StatusData status, Attributes a) {
    if (status == null || status.getStatusCode() != StatusCode.ERROR) {
      return;
    }
    String why = Attrs.text(a, "error.type");
    if (why == null || why.isEmpty()) {
      why = status.getDescription();
    }
    b.append(GAP).append("ERROR");
    if (why != null && !why.isEmpty()) {
      b.append(' ').append(Fmt.abbrev(why, NAME_CHARS));
    }
  }

  private static void pair(StringBuilder kv, String key, String value) {
    if (value == null) {
      return;
    }
    if (kv.length() > 0) {
      kv.append(' ');
    }
    kv.append(key).append('=').append(Fmt.abbrev(value, 40));
  }
}
