package dev.voicetrace.core.provider;

import dev.voicetrace.core.json.Json;
import java.util.ArrayList;
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
  /** Output text (assistant message or transcript), bounded; kept only with content capture on. */
  public final StringBuilder output = new StringBuilder();
  public int dataEvents;

  private final int outputLimit;

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
      return false;
    }
    Map<String, Object> json = Json.parseObject(payload);
    if (json == null) {
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
        if (Json.at(choice, "delta", "tool_calls") instanceof List) {
          content = true;
        }
        String finish = Json.string(choice, "finish_reason");
        if (finish != null) {
          finishReasons.add(finish);
        }
      }
    }
    return content;
  }

  /** A whole chat-completion JSON body. */
  public void chatBody(String body) {
    Map<String, Object> json = Json.parseObject(body);
    if (json == null) {
      return;
    }
    readCommon(json);
    Object choices = json.get("choices");
    if (choices instanceof List) {
      for (Object choice : (List<?>) choices) {
        String text = Json.string(choice, "message", "content");
        if (text != null) {
          appendOutput(text);
        }
        String finish = Json.string(choice, "finish_reason");
        if (finish != null) {
          finishReasons.add(finish);
        }
      }
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
