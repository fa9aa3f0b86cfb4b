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
  /** Deepgram {@code /v1/speak} and {@code /v1/listen} (model in the query; JSON transcript response). */
  DEEPGRAM,
  /** Cartesia {@code /tts/bytes} and {@code /tts/sse} (JSON request; raw audio or SSE base64 chunks). */
  CARTESIA_TTS,
  /** Azure Speech text-to-speech (SSML request; format from {@code X-Microsoft-OutputFormat}). */
  AZURE_TTS,
  /** Azure Speech short-audio recognition (language in the query; JSON response). */
  AZURE_STT,
  /** Google Cloud {@code text:synthesize} (JSON request; base64 {@code audioContent} response). */
  GOOGLE_TTS,
  /** Google Cloud {@code speech:recognize} (JSON request config; JSON results). */
  GOOGLE_STT,
  /** Amazon Polly {@code /v1/speech} (JSON request; characters from {@code x-amzn-RequestCharacters}). */
  POLLY_TTS,
  /** Anything else: method, URL and response timing only. */
  GENERIC
}
