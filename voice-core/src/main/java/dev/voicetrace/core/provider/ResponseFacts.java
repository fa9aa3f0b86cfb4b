package dev.voicetrace.core.provider;

import dev.voicetrace.core.json.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a provider's response says: response model and id, finish reasons, token usage, transcript
 * details, and when the first content arrived. Fed with SSE events as they pass or with a bounded
 * copy of a JSON body at its end; garbage adds nothing.
 */
public final class ResponseFacts {
  public String model;
  public String id;
  public final List<String> finishReasons = new ArrayList<>(2);
  public Long inputTokens;
  public Long outputTokens;
  public Long cachedInputTokens;
  public Long audioInputTokens;
  public Long audioOutputTokens;
  public String language;
  public Double audioDurationSeconds;
  /** Speech-to-text confidence (0..1) when the provider reports one. */
  public Double confidence;
  /** The vendor's request id when the body carries it (Deepgram, Google). */
  public String requestId;
  /** Characters the vendor says it billed (Polly's {@code x-amzn-RequestCharacters}). */
  public Long characters;
  /** Decoded audio bytes of base64 audio in SSE events; {@code null} when none came that way. */
  public Long audioBytes;
  /** Output text (assistant message or transcript), bounded; kept only with content capture on. */
  public final StringBuilder output = new StringBuilder();
  public int dataEvents;
  /**
   * The stream's own last event arrived (chat {@code [DONE]}, Responses {@code response.completed} /
   * {@code .incomplete} / {@code .failed}, {@code transcript.text.done}, {@code speech.audio.done}):
   * a client that stops reading after it (Spring AI's {@code takeUntil}) read the whole reply.
   */
  public boolean streamFinished;
  /**
   * The provider reported a failure inside a stream it had answered 200 (an OpenAI chat {@code
   * {"error":{…}}} event, a Responses {@code error} event or {@code response.failed}, a speech
   * stream's {@code error} event): its code or type, else {@code "stream_error"}; {@code null} when
   * none came. The stream is over then: a client that stops reading after it read the whole reply.
   */
  public String streamError;

  private static final int MAX_TOOL_CALLS = 64;
  private static final int MAX_ID_LENGTH = 256;
  private final int outputLimit;
  /** Tool calls announced so far, by choice and tool index (streamed deltas) or in order (whole body). */
  private final Map<String, ToolCall> toolCalls = new LinkedHashMap<>();
  private ToolCall lastToolCall;
  /** A Responses API stream already brought output deltas (its final event repeats them). */
  private boolean streamedContent;

  /**
   * One tool call the model asked for: id and function name, and its arguments as far as they were
   * kept (up to the output limit, so only with content capture on).
   */
  public static final class ToolCall {
    public String id;
    public String name;
    public final StringBuilder arguments = new StringBuilder();
  }

  public ResponseFacts(int outputLimit) {
    this.outputLimit = outputLimit;
  }

  /**
   * One chat-completion SSE {@code data:} payload. Returns true when it carried content (text or a
   * tool call), the moment of {@code voice.llm.time_to_first_content}.
   */
  public boolean chatChunk(String payload) {
    dataEvents++;
    if (payload.startsWith("[DONE]")) {
      streamFinished = true;
      return false;
    }
    Map<String, Object> json = Json.parseObject(payload);
    if (json == null) {
      return false;
    }
    if (json.get("error") != null) {
      failedInStream(json.get("error"));
      return false;
    }
    readCommon(json);
    boolean content = false;
    Object choices = json.get("choices");
    if (choices instanceof List) {
      for (Object choice : (List<?>) choices) {
        String piece = Json.string(choice, "delta", "content");
        if (piece != null && !piece.isEmpty()) {
          content = true;
          appendOutput(piece);
        }
        // a spoken answer streams its audio and the audio's transcript
        Object audio = Json.at(choice, "delta", "audio");
        if (audio instanceof Map) {
          String said = Json.string(audio, "transcript");
          if (said != null && !said.isEmpty()) {
            content = true;
            appendOutput(said);
          }
          String data = Json.string(audio, "data");
          if (data != null && !data.isEmpty()) {
            content = true;
          }
        }
        Object deltas = Json.at(choice, "delta", "tool_calls");
        if (deltas instanceof List) {
          content = true;
          Long choiceIndex = Json.integer(choice, "index");
          for (Object delta : (List<?>) deltas) {
            toolCallDelta(choiceIndex == null ? 0 : choiceIndex, delta);
          }
        }
        String finish = Json.string(choice, "finish_reason");
        if (finish != null) {
          finishReasons.add(finish);
        }
      }
    }
    return content;
  }

  /**
   * A chat-completion JSON body. When it was larger than what was kept of it ({@code body} is then
   * its head and its tail, as a spoken answer's base64 audio makes it), the members that parse whole
   * are read where they are: {@code id} and {@code model} from the head, {@code usage}, the finish
   * reason and the audio's {@code transcript} from the tail.
   */
  public void chatBody(String body) {
    Map<String, Object> json = Json.parseObject(body);
    if (json == null) {
      chatBodyCut(body);
      return;
    }
    readCommon(json);
    Object choices = json.get("choices");
    if (choices instanceof List) {
      for (Object choice : (List<?>) choices) {
        String text = Json.string(choice, "message", "content");
        if (text == null) {
          // a spoken answer (modalities audio): its words are the audio's transcript
          text = Json.string(choice, "message", "audio", "transcript");
        }
        if (text != null) {
          appendOutput(text);
        }
        Object calls = Json.at(choice, "message", "tool_calls");
        if (calls instanceof List) {
          for (Object call : (List<?>) calls) {
            if (call instanceof Map) {
              ToolCall t = newToolCall("m" + toolCalls.size());
              if (t != null) {
                mergeToolCall(t, call);
              }
            }
          }
        }
        String finish = Json.string(choice, "finish_reason");
        if (finish != null) {
          finishReasons.add(finish);
        }
      }
    }
  }

  private void chatBodyCut(String body) {
    Object m = Json.member(body, "model");
    if (m instanceof String) {
      model = (String) m;
    }
    Object i = Json.member(body, "id");
    if (i instanceof String) {
      id = (String) i;
    }
    readUsage(Json.member(body, "usage"));
    Object finish = Json.member(body, "finish_reason");
    if (finish instanceof String) {
      finishReasons.add((String) finish);
    }
    Object transcript = Json.member(body, "transcript");
    if (transcript instanceof String) {
      appendOutput((String) transcript);
    }
  }

  /**
   * The tool calls the response announced that have a function name, in order. Streamed calls
   * are merged from their deltas ({@code index} says which call a fragment continues).
   */
  public List<ToolCall> toolCalls() {
    if (toolCalls.isEmpty()) {
      return Collections.emptyList();
    }
    List<ToolCall> named = new ArrayList<>(toolCalls.size());
    for (ToolCall t : toolCalls.values()) {
      if (t.name != null && !t.name.isEmpty()) {
        named.add(t);
      }
    }
    return named;
  }

  /**
   * One element of {@code delta.tool_calls}: the first fragment of a call carries its {@code id}
   * and {@code function.name}, later ones (same {@code index}) pieces of {@code function.arguments}.
   * Without an index, a fragment with a new id starts a call and one without continues the last.
   */
  private void toolCallDelta(long choiceIndex, Object delta) {
    if (!(delta instanceof Map)) {
      return;
    }
    Long index = Json.integer(delta, "index");
    String id = Json.string(delta, "id");
    ToolCall t;
    if (index != null) {
      String key = choiceIndex + ":" + index;
      t = toolCalls.get(key);
      if (t == null) {
        t = newToolCall(key);
      }
    } else if (id != null && !id.isEmpty() && (lastToolCall == null || !id.equals(lastToolCall.id))) {
      t = newToolCall(choiceIndex + ":id:" + toolCalls.size());
    } else {
      t = lastToolCall;
    }
    if (t != null) {
      mergeToolCall(t, delta);
      lastToolCall = t;
    }
  }

  private ToolCall newToolCall(String key) {
    if (toolCalls.size() >= MAX_TOOL_CALLS) {
      return null;
    }
    ToolCall t = new ToolCall();
    toolCalls.put(key, t);
    return t;
  }

  private void mergeToolCall(ToolCall t, Object call) {
    String id = Json.string(call, "id");
    if (id != null && !id.isEmpty() && t.id == null) {
      t.id = id.length() <= MAX_ID_LENGTH ? id : id.substring(0, MAX_ID_LENGTH);
    }
    String name = Json.string(call, "function", "name");
    if (name != null && !name.isEmpty()) {
      // some servers repeat the name on every fragment: the first one wins, never concatenated
      if (t.name == null) {
        t.name = name.length() <= MAX_ID_LENGTH ? name : name.substring(0, MAX_ID_LENGTH);
      }
    }
    String args = Json.string(call, "function", "arguments");
    if (args != null) {
      int room = outputLimit - t.arguments.length();
      if (room > 0) {
        t.arguments.append(args, 0, Math.min(room, args.length()));
      }
    }
  }

  /**
   * One Responses API SSE {@code data:} payload (its {@code type} says which event). Returns true
   * when it carried content: an output text delta or a function call, the moment of {@code
   * voice.llm.time_to_first_content}. The final {@code response.completed} ({@code .incomplete},
   * {@code .failed}) event carries the whole response: model, id, usage and status.
   */
  public boolean responsesEvent(String payload) {
    dataEvents++;
    Map<String, Object> json = Json.parseObject(payload);
    if (json == null) {
      return false;
    }
    String type = Json.string(json, "type");
    if (type == null) {
      return false;
    }
    switch (type) {
      case "response.output_text.delta": {
        String piece = Json.string(json, "delta");
        if (piece == null || piece.isEmpty()) {
          return false;
        }
        streamedContent = true;
        appendOutput(piece);
        return true;
      }
      case "response.output_item.added": {
        Object item = json.get("item");
        if (!"function_call".equals(Json.string(item, "type"))) {
          return false;
        }
        streamedContent = true;
        ToolCall t = newToolCall("item:" + Json.string(item, "id"));
        if (t != null) {
          mergeResponsesToolCall(t, item, false);
        }
        return true;
      }
      case "response.function_call_arguments.delta": {
        ToolCall t = toolCalls.get("item:" + Json.string(json, "item_id"));
        String piece = Json.string(json, "delta");
        if (t != null && piece != null) {
          appendArguments(t, piece);
        }
        return true;
      }
      case "response.created":
      case "response.in_progress":
        readResponseObject(json.get("response"), false);
        return false;
      case "error":
        failedInStream(json);
        return false;
      case "response.failed":
        failedInStream(Json.at(json, "response", "error"));
        // fall through: the final response, as for the other two
      case "response.completed":
      case "response.incomplete":
        streamFinished = true;
        // the final response repeats the output: read it only when no delta brought it already
        readResponseObject(json.get("response"), !streamedContent);
        return false;
      default:
        return false;
    }
  }

  /** A whole Responses API JSON body. */
  public void responsesBody(String body) {
    readResponseObject(Json.parseObject(body), true);
  }

  /**
   * A Responses API {@code response} object: model, id, usage; with {@code readOutput}, also its
   * output text and function calls. Its {@code status} is mapped to a chat finish reason: {@code
   * completed} is {@code stop} (or {@code tool_calls} when it asked for functions), {@code incomplete}
   * its {@code incomplete_details.reason} (e.g. {@code max_output_tokens}), {@code failed} {@code error}.
   */
  private void readResponseObject(Object response, boolean readOutput) {
    if (!(response instanceof Map)) {
      return;
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> json = (Map<String, Object>) response;
    readCommon(json);
    Object output = json.get("output");
    if (readOutput && output instanceof List) {
      for (Object item : (List<?>) output) {
        String itemType = Json.string(item, "type");
        if ("message".equals(itemType) && Json.at(item, "content") instanceof List) {
          for (Object part : (List<?>) Json.at(item, "content")) {
            String text = "output_text".equals(Json.string(part, "type")) ? Json.string(part, "text") : null;
            if (text != null) {
              appendOutput(text);
            }
          }
        } else if ("function_call".equals(itemType)) {
          ToolCall t = newToolCall("item:" + Json.string(item, "id"));
          if (t != null) {
            mergeResponsesToolCall(t, item, true);
          }
        }
      }
    }
    String status = Json.string(json, "status");
    String finish = null;
    if ("completed".equals(status)) {
      finish = toolCalls.isEmpty() ? "stop" : "tool_calls";
    } else if ("incomplete".equals(status)) {
      finish = Json.string(json, "incomplete_details", "reason");
      if (finish == null) {
        finish = "incomplete";
      }
    } else if ("failed".equals(status)) {
      finish = "error";
    }
    if (finish != null) {
      finishReasons.clear();
      finishReasons.add(finish);
    }
  }

  /** A Responses API {@code function_call} item: its {@code call_id} is what the tool result names. */
  private void mergeResponsesToolCall(ToolCall t, Object item, boolean withArguments) {
    String id = Json.string(item, "call_id");
    if (id != null && !id.isEmpty() && t.id == null) {
      t.id = id.length() <= MAX_ID_LENGTH ? id : id.substring(0, MAX_ID_LENGTH);
    }
    String name = Json.string(item, "name");
    if (name != null && !name.isEmpty() && t.name == null) {
      t.name = name.length() <= MAX_ID_LENGTH ? name : name.substring(0, MAX_ID_LENGTH);
    }
    String args = withArguments ? Json.string(item, "arguments") : null;
    if (args != null) {
      appendArguments(t, args);
    }
  }

  private void appendArguments(ToolCall t, String args) {
    int room = outputLimit - t.arguments.length();
    if (room > 0) {
      t.arguments.append(args, 0, Math.min(room, args.length()));
    }
  }

  /** A transcription JSON body (OpenAI and compatible). */
  public void transcriptionBody(String body) {
    Map<String, Object> json = Json.parseObject(body);
    if (json == null) {
      return;
    }
    String text = Json.string(json, "text");
    if (text != null) {
      appendOutput(text);
    }
    language = Json.string(json, "language");
    Double duration = Json.number(json, "duration");
    if (duration == null && "duration".equals(Json.string(json, "usage", "type"))) {
      duration = Json.number(json, "usage", "seconds");
    }
    audioDurationSeconds = duration;
    readUsage(json.get("usage"));
  }

  /**
   * One SSE {@code data:} payload of a speech API: Cartesia {@code chunk} (base64 audio in {@code
   * data}), OpenAI {@code speech.audio.delta} / {@code .done} and {@code transcript.text.delta} /
   * {@code .done} (text, usage). Audio is counted, never kept.
   */
  public void speechEvent(String payload) {
    dataEvents++;
    Map<String, Object> json = Json.parseObject(payload);
    String type = Json.string(json, "type");
    if (type == null) {
      return;
    }
    switch (type) {
      case "chunk":
        addAudio(Json.string(json, "data"));
        break;
      case "speech.audio.delta":
        addAudio(Json.string(json, "audio"));
        break;
      case "transcript.text.delta":
        String delta = Json.string(json, "delta");
        if (delta != null) {
          appendOutput(delta);
        }
        break;
      case "transcript.text.done":
        streamFinished = true;
        String text = Json.string(json, "text");
        if (text != null) {
          output.setLength(0);
          appendOutput(text);
        }
        readUsage(json.get("usage"));
        break;
      case "speech.audio.done":
        streamFinished = true;
        readUsage(json.get("usage"));
        break;
      case "error":
        failedInStream(json.get("error") instanceof Map ? json.get("error") : json);
        break;
      default:
        break;
    }
  }

  /**
   * An error reported inside a 200 stream: {@code error} is the error object (OpenAI's {@code
   * {"code":…,"type":…,"message":…}}, Cartesia's event with {@code status_code}); the first one counts.
   * Its message is not kept (it may quote the request).
   */
  private void failedInStream(Object error) {
    streamFinished = true;
    if (streamError != null) {
      return;
    }
    String name = Json.string(error, "code");
    if (name == null && Json.integer(error, "code") != null) {
      name = Long.toString(Json.integer(error, "code"));
    }
    if (name == null || name.isEmpty()) {
      name = Json.string(error, "type");
    }
    if ((name == null || name.isEmpty() || name.equals("error")) && Json.integer(error, "status_code") != null) {
      name = Long.toString(Json.integer(error, "status_code"));
    }
    if (name == null || name.isEmpty() || name.equals("error")) {
      name = "stream_error";
    }
    streamError = name.length() <= 64 ? name : name.substring(0, 64);
  }

  private void addAudio(String base64) {
    if (base64 != null) {
      audioBytes = (audioBytes == null ? 0 : audioBytes) + Base64Audio.decodedLength(base64);
    }
  }

  /** A whole speech-to-text JSON body, read the way its provider writes it. */
  public void transcriptionBody(BodyDialect dialect, String body) {
    switch (dialect) {
      case AZURE_STT:
        azureRecognition(body);
        break;
      case GOOGLE_STT:
        googleRecognition(body);
        break;
      case DEEPGRAM:
        deepgramListen(body);
        break;
      default:
        transcriptionBody(body);
    }
  }

  /** Azure short-audio recognition: {@code DisplayText}, {@code Duration} in 100 ns ticks, detailed {@code NBest}. */
  private void azureRecognition(String body) {
    Map<String, Object> json = Json.parseObject(body);
    if (json == null) {
      return;
    }
    Object best = Json.at(json, "NBest", 0);
    String text = Json.string(json, "DisplayText");
    if (text == null) {
      text = Json.string(best, "Display");
    }
    if (text != null) {
      appendOutput(text);
    }
    confidence = Json.number(best, "Confidence");
    Long ticks = Json.integer(json, "Duration");
    if (ticks != null) {
      audioDurationSeconds = ticks / 1e7;
    }
  }

  /** Google {@code speech:recognize}: one result per stretch of speech, {@code totalBilledTime} like {@code "3.5s"}. */
  private void googleRecognition(String body) {
    Map<String, Object> json = Json.parseObject(body);
    if (json == null) {
      return;
    }
    Object results = json.get("results");
    double sum = 0;
    int scored = 0;
    if (results instanceof List) {
      for (Object result : (List<?>) results) {
        Object alternative = Json.at(result, "alternatives", 0);
        String piece = Json.string(alternative, "transcript");
        if (piece != null && !piece.isEmpty()) {
          appendOutput(output.length() > 0 && !Character.isWhitespace(piece.charAt(0)) ? " " + piece : piece);
        }
        Double c = Json.number(alternative, "confidence");
        if (c != null) {
          sum += c;
          scored++;
        }
        if (language == null) {
          language = Json.string(result, "languageCode");
        }
      }
    }
    if (scored > 0) {
      confidence = sum / scored;
    }
    audioDurationSeconds = seconds(Json.string(json, "totalBilledTime"));
    Object id = json.get("requestId");
    requestId = id instanceof String || id instanceof Long ? id.toString() : null;
  }

  /**
   * Deepgram pre-recorded {@code /v1/listen}. A long file's word list can be cut from the bounded
   * copy: then its metadata and first transcript are read as members of the truncated text.
   */
  private void deepgramListen(String body) {
    Object json = Json.parseObject(body);
    Object metadata = json != null ? Json.at(json, "metadata") : Json.member(body, "metadata");
    Object channel = Json.at(json, "results", "channels", 0);
    Object alternative = Json.at(channel, "alternatives", 0);
    Object transcript = json != null ? Json.at(alternative, "transcript") : Json.member(body, "transcript");
    Object score = json != null ? Json.at(alternative, "confidence") : Json.member(body, "confidence");
    Object detected = json != null ? Json.at(channel, "detected_language") : Json.member(body, "detected_language");
    audioDurationSeconds = Json.number(metadata, "duration");
    requestId = Json.string(metadata, "request_id");
    if (transcript instanceof String) {
      appendOutput((String) transcript);
    }
    confidence = score instanceof Number ? ((Number) score).doubleValue() : null;
    language = detected instanceof String ? (String) detected : null;
  }

  /** {@code "3.5s"} (a protobuf Duration in JSON) as seconds, or {@code null}. */
  private static Double seconds(String duration) {
    if (duration == null || !duration.endsWith("s")) {
      return null;
    }
    try {
      double v = Double.parseDouble(duration.substring(0, duration.length() - 1));
      return Double.isFinite(v) && v >= 0 ? v : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private void readCommon(Map<String, Object> json) {
    String m = Json.string(json, "model");
    if (m != null) {
      model = m;
    }
    String i = Json.string(json, "id");
    if (i != null) {
      id = i;
    }
    readUsage(json.get("usage"));
  }

  private void readUsage(Object usage) {
    if (!(usage instanceof Map)) {
      return;
    }
    Long in = Json.integer(usage, "prompt_tokens");
    if (in == null) {
      in = Json.integer(usage, "input_tokens");
    }
    Long out = Json.integer(usage, "completion_tokens");
    if (out == null) {
      out = Json.integer(usage, "output_tokens");
    }
    if (in != null) {
      inputTokens = in;
    }
    if (out != null) {
      outputTokens = out;
    }
    Long cached = Json.integer(usage, "prompt_tokens_details", "cached_tokens");
    if (cached == null) {
      cached = Json.integer(usage, "input_tokens_details", "cached_tokens");
    }
    if (cached != null) {
      cachedInputTokens = cached;
    }
    Long audioIn = Json.integer(usage, "prompt_tokens_details", "audio_tokens");
    if (audioIn != null) {
      audioInputTokens = audioIn;
    }
    Long audioOut = Json.integer(usage, "completion_tokens_details", "audio_tokens");
    if (audioOut != null) {
      audioOutputTokens = audioOut;
    }
  }

  private void appendOutput(String piece) {
    int room = outputLimit - output.length();
    if (room > 0) {
      output.append(piece, 0, Math.min(room, piece.length()));
    }
  }
}
