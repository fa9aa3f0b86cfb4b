package dev.voicetrace.core.provider;

/** How a provider's request and response bodies are read for model, voice, text and usage. */
public enum BodyDialect {
  /** OpenAI chat completions (JSON request; JSON or SSE response with usage). */
  OPENAI_CHAT,
  /**
   * OpenAI Responses API ({@code POST /v1/responses}: JSON request with {@code input}; JSON or SSE
   * response whose {@code response.completed} event carries the usage).
   */
  OPENAI_RESPONSES,
  /** OpenAI {@code /audio/speech} (JSON request: model, voice, input, response_format). */
  OPENAI_SPEECH,
  /** OpenAI {@code /audio/transcriptions} (multipart request; JSON response with text). */
  OPENAI_TRANSCRIPTION,
  /** ElevenLabs text-to-speech (voice in the path, model_id and text in JSON, output_format query). */
  ELEVENLABS_TTS,
  /** Deepgram {@code /v1/speak} and {@code /v1/listen} (model in the query). */
  DEEPGRAM,
  /** Anything else: method, URL and response timing only. */
  GENERIC
}
