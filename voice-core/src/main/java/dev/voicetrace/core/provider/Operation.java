package dev.voicetrace.core.provider;

/** The kind of provider call a stage span stands for ({@code gen_ai.operation.name}). */
public enum Operation {
  SPEECH_TO_TEXT("speech_to_text"),
  CHAT("chat"),
  TEXT_TO_SPEECH("text_to_speech");

  private final String wireName;

  Operation(String wireName) {
    this.wireName = wireName;
  }

  /** The value of {@code gen_ai.operation.name} and the span name's first word. */
  public String wireName() {
    return wireName;
  }

  /** Parses {@code tts}, {@code stt}, {@code chat}/{@code llm} or a wire name; {@code null} if unknown. */
  public static Operation parse(String text) {
    switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
      case "tts":
      case "text_to_speech":
        return TEXT_TO_SPEECH;
      case "stt":
      case "asr":
      case "speech_to_text":
        return SPEECH_TO_TEXT;
      case "chat":
      case "llm":
        return CHAT;
      default:
        return null;
    }
  }
}
