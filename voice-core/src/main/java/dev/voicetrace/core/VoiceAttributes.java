package dev.voicetrace.core;

import io.opentelemetry.api.common.AttributeKey;
import java.util.List;

/** The attribute names of the trace contract (CONVENTIONS.md), in one place. */
public final class VoiceAttributes {
  private VoiceAttributes() {}

  // every span of a session
  public static final AttributeKey<String> SESSION_ID = AttributeKey.stringKey("session.id");
  public static final AttributeKey<String> CONVERSATION_ID = AttributeKey.stringKey("gen_ai.conversation.id");
  public static final AttributeKey<String> OPENINFERENCE_KIND = AttributeKey.stringKey("openinference.span.kind");

  // session
  public static final AttributeKey<String> SESSION_SOURCE = AttributeKey.stringKey("voice.session.source");
  public static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("voice.call.id");
  public static final AttributeKey<String> STREAM_ID = AttributeKey.stringKey("voice.stream.id");
  public static final AttributeKey<Long> SESSION_TURNS = AttributeKey.longKey("voice.session.turns");
  public static final AttributeKey<String> SESSION_END_REASON = AttributeKey.stringKey("voice.session.end_reason");
  public static final AttributeKey<Long> SESSION_DROPPED_SPANS = AttributeKey.longKey("voice.session.dropped_spans");

  // turn
  public static final AttributeKey<Long> TURN_NUMBER = AttributeKey.longKey("voice.turn.number");
  public static final AttributeKey<Boolean> TURN_INTERRUPTED = AttributeKey.booleanKey("voice.turn.interrupted");
  public static final AttributeKey<String> TURN_END_REASON = AttributeKey.stringKey("voice.turn.end_reason");
  public static final AttributeKey<Double> TURN_USER_TO_BOT = AttributeKey.doubleKey("voice.turn.user_to_bot_latency");
  public static final AttributeKey<String> TURN_LATENCY_BASIS = AttributeKey.stringKey("voice.turn.latency_basis");

  // every stage
  public static final AttributeKey<String> OPERATION = AttributeKey.stringKey("gen_ai.operation.name");
  public static final AttributeKey<String> PROVIDER = AttributeKey.stringKey("gen_ai.provider.name");
  public static final AttributeKey<String> REQUEST_MODEL = AttributeKey.stringKey("gen_ai.request.model");
  public static final AttributeKey<String> RESPONSE_MODEL = AttributeKey.stringKey("gen_ai.response.model");
  public static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
  public static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
  public static final AttributeKey<Double> TTFB = AttributeKey.doubleKey("voice.ttfb");
  public static final AttributeKey<String> PROVIDER_REQUEST_ID = AttributeKey.stringKey("voice.provider.request_id");
  public static final AttributeKey<Boolean> CANCELLED = AttributeKey.booleanKey("voice.cancelled");
  public static final AttributeKey<Boolean> ABANDONED = AttributeKey.booleanKey("voice.abandoned");
  /** Attempts of a provider call an SDK retried (openai-java's built-in retries): one span for all. */
  public static final AttributeKey<Long> ATTEMPTS = AttributeKey.longKey("voice.attempts");
  public static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  // chat
  public static final AttributeKey<Boolean> REQUEST_STREAM = AttributeKey.booleanKey("gen_ai.request.stream");
  public static final AttributeKey<Double> REQUEST_TEMPERATURE = AttributeKey.doubleKey("gen_ai.request.temperature");
  public static final AttributeKey<Long> REQUEST_MAX_TOKENS = AttributeKey.longKey("gen_ai.request.max_tokens");
  public static final AttributeKey<String> RESPONSE_ID = AttributeKey.stringKey("gen_ai.response.id");
  public static final AttributeKey<List<String>> FINISH_REASONS = AttributeKey.stringArrayKey("gen_ai.response.finish_reasons");
  public static final AttributeKey<Double> TIME_TO_FIRST_CHUNK = AttributeKey.doubleKey("gen_ai.response.time_to_first_chunk");
  public static final AttributeKey<Double> TIME_TO_FIRST_CONTENT = AttributeKey.doubleKey("voice.llm.time_to_first_content");
  public static final AttributeKey<Long> INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.input_tokens");
  public static final AttributeKey<Long> OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.output_tokens");
  public static final AttributeKey<Long> CACHED_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.cache_read.input_tokens");
  public static final AttributeKey<Long> AUDIO_INPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.audio.input_tokens");
  public static final AttributeKey<Long> AUDIO_OUTPUT_TOKENS = AttributeKey.longKey("gen_ai.usage.audio.output_tokens");
  public static final AttributeKey<String> LLM_MODEL_NAME = AttributeKey.stringKey("llm.model_name");
  public static final AttributeKey<String> LLM_PROVIDER = AttributeKey.stringKey("llm.provider");
  public static final AttributeKey<Long> LLM_TOKENS_PROMPT = AttributeKey.longKey("llm.token_count.prompt");
  public static final AttributeKey<Long> LLM_TOKENS_COMPLETION = AttributeKey.longKey("llm.token_count.completion");
  public static final AttributeKey<Long> LLM_TOKENS_TOTAL = AttributeKey.longKey("llm.token_count.total");
  public static final AttributeKey<String> INPUT_VALUE = AttributeKey.stringKey("input.value");
  public static final AttributeKey<String> OUTPUT_VALUE = AttributeKey.stringKey("output.value");

  // text to speech
  public static final AttributeKey<String> SPEECH_VOICE = AttributeKey.stringKey("gen_ai.speech.voice");
  public static final AttributeKey<Long> TTS_CHARACTERS = AttributeKey.longKey("voice.tts.characters");
  public static final AttributeKey<Long> TTS_AUDIO_BYTES = AttributeKey.longKey("voice.tts.audio_bytes");
  public static final AttributeKey<String> TTS_AUDIO_FORMAT = AttributeKey.stringKey("voice.tts.audio_format");
  public static final AttributeKey<Boolean> TTS_STREAMING = AttributeKey.booleanKey("voice.tts.streaming");
  public static final AttributeKey<String> TTS_TEXT = AttributeKey.stringKey("voice.tts.text");

  // speech to text
  public static final AttributeKey<String> STT_LANGUAGE = AttributeKey.stringKey("gen_ai.speech.input.language");
  public static final AttributeKey<Double> STT_AUDIO_DURATION = AttributeKey.doubleKey("voice.stt.audio_duration");
  public static final AttributeKey<Double> STT_CONFIDENCE = AttributeKey.doubleKey("voice.stt.confidence");
  public static final AttributeKey<String> STT_TRANSCRIPT = AttributeKey.stringKey("voice.stt.transcript");

  // execute_tool
  public static final AttributeKey<String> TOOL_NAME = AttributeKey.stringKey("gen_ai.tool.name");
  public static final AttributeKey<String> TOOL_CALL_ID = AttributeKey.stringKey("gen_ai.tool.call.id");
  public static final AttributeKey<String> TOOL_CALL_ARGUMENTS = AttributeKey.stringKey("gen_ai.tool.call.arguments");
  public static final AttributeKey<String> TOOL_CALL_RESULT = AttributeKey.stringKey("gen_ai.tool.call.result");
  public static final AttributeKey<Boolean> TOOL_UNANSWERED = AttributeKey.booleanKey("voice.tool.unanswered");

  // metrics only
  public static final AttributeKey<String> TOKEN_TYPE = AttributeKey.stringKey("gen_ai.token.type");
}
