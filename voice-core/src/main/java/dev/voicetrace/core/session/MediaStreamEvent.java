package dev.voicetrace.core.session;

import dev.voicetrace.core.json.Json;
import java.util.Map;

/**
 * A telephony media-stream message (Twilio, Plivo, Telnyx) as far as sessions care: its event name
 * and, for {@code start}, the call and stream identifiers. {@code media} frames — almost every
 * message — are recognised without parsing JSON.
 */
final class MediaStreamEvent {
  final String event;
  final String source;
  final String callId;
  final String streamId;
  /** The playback mark of {@code mark} (Twilio), {@code checkpoint} and {@code playedStream} (Plivo). */
  final String markName;
  /** The inbound audio encoding a {@code start} declares ({@code start.mediaFormat.encoding}), or {@code null}. */
  String encoding;

  private MediaStreamEvent(String event, String source, String callId, String streamId) {
    this(event, source, callId, streamId, null);
  }

  private MediaStreamEvent(String event, String source, String callId, String streamId, String markName) {
    this.event = event;
    this.source = source;
    this.callId = callId;
    this.streamId = streamId;
    this.markName = markName;
  }

  /** Media frames, in either direction (Twilio {@code media}, Plivo {@code playAudio}). */
  boolean isMedia() {
    return event.equals("media") || event.equals("playAudio");
  }

  /** The bot dropped its queued audio: Twilio {@code clear}, Plivo {@code clearAudio}. */
  boolean isClear() {
    return event.equals("clear") || event.equals("clearAudio");
  }

  /** A playback mark: sent by the bot, or echoed by the platform when the audio before it played. */
  boolean isMark() {
    return event.equals("mark") || event.equals("checkpoint") || event.equals("playedStream");
  }

  /** Reads a text frame; {@code null} when it is not a media-stream event. Never throws. */
  static MediaStreamEvent parse(String text) {
    if (text == null || text.length() < 12) {
      return null;
    }
    String event = eventName(text);
    if (event == null) {
      return null;
    }
    if (event.equals("media") || event.equals("playAudio")) {
      return new MediaStreamEvent(event, null, null, null);
    }
    if (!event.equals("start") && !event.equals("mark") && !event.equals("checkpoint")
        && !event.equals("playedStream")) {
      return new MediaStreamEvent(event, null, null, null);
    }
    Map<String, Object> json = Json.parseObject(text);
    if (json == null) {
      return null;
    }
    if (!event.equals("start")) {
      String mark = Json.string(json, "mark", "name");
      return new MediaStreamEvent(event, null, null, null, mark != null ? mark : Json.string(json, "name"));
    }
    MediaStreamEvent start;
    String twilioCall = Json.string(json, "start", "callSid");
    String plivoCall = Json.string(json, "start", "callId");
    String telnyxCall = Json.string(json, "start", "call_control_id");
    if (twilioCall != null) {
      String stream = Json.string(json, "start", "streamSid");
      start = new MediaStreamEvent(event, "twilio", twilioCall, stream != null ? stream : Json.string(json, "streamSid"));
    } else if (plivoCall != null) {
      start = new MediaStreamEvent(event, "plivo", plivoCall, Json.string(json, "start", "streamId"));
    } else if (telnyxCall != null) {
      start = new MediaStreamEvent(event, "telnyx", telnyxCall, Json.string(json, "stream_id"));
    } else {
      start = new MediaStreamEvent(event, null, null, null);
    }
    start.encoding = Json.string(json, "start", "mediaFormat", "encoding");
    return start;
  }

  /** The value of a top-level-looking {@code "event":"..."} pair, found without a full parse. */
  static String eventName(String text) {
    int i = 0;
    while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
      i++;
    }
    if (i >= text.length() || text.charAt(i) != '{') {
      return null;
    }
    int start = stringValueStart(text, "\"event\"");
    if (start < 0) {
      return null;
    }
    int end = text.indexOf('"', start);
    if (end < 0 || end - start > 39) {
      return null;
    }
    return text.substring(start, end);
  }

  /**
   * Where the string value of the first {@code quotedKey} ({@code "\"event\""}, with its quotes)
   * begins — the index just after its opening quote — found without a full parse; -1 when the key is
   * absent or its value is not a string.
   */
  static int stringValueStart(String text, String quotedKey) {
    int key = text.indexOf(quotedKey);
    if (key < 0) {
      return -1;
    }
    int colon = text.indexOf(':', key + quotedKey.length());
    if (colon < 0) {
      return -1;
    }
    int q = colon + 1;
    while (q < text.length() && Character.isWhitespace(text.charAt(q))) {
      q++;
    }
    return q < text.length() && text.charAt(q) == '"' ? q + 1 : -1;
  }
}
