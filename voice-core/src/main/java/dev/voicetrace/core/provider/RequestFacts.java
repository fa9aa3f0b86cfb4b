package dev.voicetrace.core.provider;

import dev.voicetrace.core.json.Json;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a provider request says about itself: model, voice, text length, audio format, streaming
 * and sampling parameters. Read from the URL and a bounded copy of the body; anything missing or
 * malformed stays {@code null}.
 */
public final class RequestFacts {
  public String model;
  public String voice;
  public Long characters;
  public String audioFormat;
  public Boolean streaming;
  public Double temperature;
  public Long maxTokens;
  public String language;
  /** Text sent to TTS or the last user message (recorded only with content capture on). */
  public String text;
  /** Chat messages as parsed (recorded only with content capture on). */
  public List<?> messages;
  /**
   * Results the bot sends back for tool calls ({@code role: tool} messages): tool call id → the
   * message's text ({@code ""} when it has none). Empty when there are none.
   */
  public Map<String, String> toolResults = Collections.emptyMap();

  private static final Pattern MULTIPART_FIELD =
      Pattern.compile("name=\"([A-Za-z_]+)\"\\r?\\n(?:[^\\r\\n]+\\r?\\n)*\\r?\\n([^\\r\\n]{0,200})\\r?\\n");

  /** Facts known from the URL alone (before the body is written). */
  public static RequestFacts fromUrl(ProviderMatch match) {
    return fromUrl(match, null);
  }

  /**
   * The audio format a request header asks for ({@code X-Microsoft-OutputFormat} for Azure Speech),
   * or {@code null}; read once when the request starts, since headers are not kept.
   */
  public static String requestedFormat(ProviderMatch match, Function<String, String> header) {
    return match.route.dialect == BodyDialect.AZURE_TTS && header != null ? header.apply("X-Microsoft-OutputFormat") : null;
  }

  /** Facts known from the URL and the {@link #requestedFormat} (before the body is written). */
  public static RequestFacts fromUrl(ProviderMatch match, String requestedFormat) {
    RequestFacts f = new RequestFacts();
    switch (match.route.dialect) {
      case CARTESIA_TTS:
        f.streaming = match.route.toString().endsWith("/tts/sse");
        break;
      case AZURE_TTS:
        f.audioFormat = requestedFormat;
        break;
      case AZURE_STT:
        f.language = match.queryParam("language");
        break;
      case ELEVENLABS_TTS:
        f.voice = match.pathParams.get("voice");
        String format = match.queryParam("output_format");
        f.audioFormat = format != null ? format : "mp3_44100_128";
        f.streaming = match.route.toString().contains("/stream");
        break;
      case DEEPGRAM:
        f.model = match.queryParam("model");
        String encoding = match.queryParam("encoding");
        String rate = match.queryParam("sample_rate");
        f.audioFormat = encoding == null ? null : rate == null ? encoding : encoding + "_" + rate;
        f.language = match.queryParam("language");
        break;
      case OPENAI_CHAT:
      case OPENAI_SPEECH:
      case OPENAI_TRANSCRIPTION:
        // Azure OpenAI: the deployment names the model (a model in the body wins)
        if (match.pathParams.containsKey("deployment")) {
          f.model = match.pathParams.get("deployment");
        }
        break;
      default:
        break;
    }
    return f;
  }

  /** Adds what the body says. Tolerates any bytes: a body that is not what we expect adds nothing. */
  public void readBody(ProviderMatch match, BodyCapture body) {
    if (body == null || body.total() == 0) {
      return;
    }
    switch (match.route.dialect) {
      case OPENAI_CHAT: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        model = firstNonNull(Json.string(json, "model"), model);
        streaming = Boolean.TRUE.equals(Json.bool(json, "stream"));
        temperature = Json.number(json, "temperature");
        maxTokens = firstNonNull(Json.integer(json, "max_completion_tokens"), Json.integer(json, "max_tokens"));
        Object m = json.get("messages");
        messages = m instanceof List ? (List<?>) m : null;
        toolResults = toolResults(messages);
        break;
      }
      case OPENAI_RESPONSES: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        model = Json.string(json, "model");
        streaming = Boolean.TRUE.equals(Json.bool(json, "stream"));
        temperature = Json.number(json, "temperature");
        maxTokens = Json.integer(json, "max_output_tokens");
        messages = responsesMessages(Json.string(json, "instructions"), json.get("input"));
        toolResults = responsesToolResults(json.get("input"));
        break;
      }
      case OPENAI_SPEECH: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        model = firstNonNull(Json.string(json, "model"), model);
        voice = Json.string(json, "voice");
        text = Json.string(json, "input");
        characters = codePoints(text);
        String format = Json.string(json, "response_format");
        audioFormat = format != null ? format : "mp3";
        streaming = "sse".equals(Json.string(json, "stream_format"));
        break;
      }
      case ELEVENLABS_TTS: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        model = Json.string(json, "model_id");
        text = Json.string(json, "text");
        characters = codePoints(text);
        break;
      }
      case DEEPGRAM: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json != null) {
          text = Json.string(json, "text");
          characters = codePoints(text);
        }
        break;
      }
      case CARTESIA_TTS: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        model = Json.string(json, "model_id");
        voice = Json.string(json, "voice", "id");
        text = Json.string(json, "transcript");
        characters = codePoints(text);
        language = Json.string(json, "language");
        Object format = json.get("output_format");
        String container = Json.string(format, "container");
        audioFormat = join("raw".equals(container) ? null : container,
            Json.string(format, "encoding"), Json.integer(format, "sample_rate"));
        break;
      }
      case AZURE_TTS: {
        Ssml ssml = Ssml.read(body.headText());
        voice = ssml.voice;
        text = ssml.text;
        characters = codePoints(text);
        break;
      }
      case GOOGLE_TTS: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        String ssml = Json.string(json, "input", "ssml");
        text = ssml != null ? Ssml.read(ssml).text : Json.string(json, "input", "text");
        characters = codePoints(text);
        voice = Json.string(json, "voice", "name");
        language = Json.string(json, "voice", "languageCode");
        model = Json.string(json, "voice", "modelName");
        String encoding = Json.string(json, "audioConfig", "audioEncoding");
        audioFormat = join(encoding == null ? null : encoding.toLowerCase(Locale.ROOT), null,
            Json.integer(json, "audioConfig", "sampleRateHertz"));
        break;
      }
      case GOOGLE_STT: {
        // the audio rides in the same JSON as base64 and may be cut from the head: read "config" alone
        Object config = Json.member(body.headAndTailText(), "config");
        model = Json.string(config, "model");
        language = Json.string(config, "languageCode");
        break;
      }
      case POLLY_TTS: {
        Map<String, Object> json = Json.parseObject(body.headText());
        if (json == null) {
          return;
        }
        String t = Json.string(json, "Text");
        text = "ssml".equals(Json.string(json, "TextType")) && t != null ? Ssml.read(t).text : t;
        characters = codePoints(text);
        voice = Json.string(json, "VoiceId");
        model = Json.string(json, "Engine");
        language = Json.string(json, "LanguageCode");
        String rate = Json.string(json, "SampleRate");
        audioFormat = join(Json.string(json, "OutputFormat"), null, rate);
        break;
      }
      case OPENAI_TRANSCRIPTION: {
        Matcher m = MULTIPART_FIELD.matcher(body.headAndTailText());
        while (m.find()) {
          String name = m.group(1);
          if (name.equals("model")) {
            model = m.group(2).trim();
          } else if (name.equals("language")) {
            language = m.group(2).trim();
          } else if (name.equals("stream")) {
            streaming = "true".equalsIgnoreCase(m.group(2).trim());
          }
        }
        break;
      }
      default:
        break;
    }
  }

  /**
   * The Responses API's {@code instructions} and {@code input} as chat-shaped messages ({@code role},
   * {@code content}): a string input is one user message; list items with a role are messages
   * (their content as text); other items (function calls and their outputs) are left out.
   */
  private static List<?> responsesMessages(String instructions, Object input) {
    List<Map<String, Object>> out = new java.util.ArrayList<>();
    if (instructions != null) {
      out.add(message("system", instructions));
    }
    if (input instanceof String) {
      out.add(message("user", (String) input));
    } else if (input instanceof List) {
      for (Object item : (List<?>) input) {
        String role = Json.string(item, "role");
        if (role != null) {
          out.add(message(role, text(Json.at(item, "content"))));
        }
      }
    }
    return out.isEmpty() ? null : out;
  }

  private static Map<String, Object> message(String role, String content) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("role", role);
    m.put("content", content);
    return m;
  }

  /** {@code function_call_output} items of a Responses API input: call id → output. */
  private static Map<String, String> responsesToolResults(Object input) {
    if (!(input instanceof List)) {
      return Collections.emptyMap();
    }
    Map<String, String> results = null;
    for (Object item : (List<?>) input) {
      if (!"function_call_output".equals(Json.string(item, "type"))) {
        continue;
      }
      String id = Json.string(item, "call_id");
      if (id == null || id.isEmpty()) {
        continue;
      }
      if (results == null) {
        results = new LinkedHashMap<>();
      }
      results.put(id, text(Json.at(item, "output")));
    }
    return results == null ? Collections.<String, String>emptyMap() : results;
  }

  private static Map<String, String> toolResults(List<?> messages) {
    if (messages == null) {
      return Collections.emptyMap();
    }
    Map<String, String> results = null;
    for (Object message : messages) {
      if (!"tool".equals(Json.string(message, "role"))) {
        continue;
      }
      String id = Json.string(message, "tool_call_id");
      if (id == null || id.isEmpty()) {
        continue;
      }
      if (results == null) {
        results = new LinkedHashMap<>();
      }
      results.put(id, text(Json.at(message, "content")));
    }
    return results == null ? Collections.<String, String>emptyMap() : results;
  }

  /**
   * A message's content: a string, or the text of its {@code {"type":"text","text":…}} parts (never
   * its audio or images).
   */
  public static String text(Object content) {
    if (content instanceof String) {
      return (String) content;
    }
    if (!(content instanceof List)) {
      return "";
    }
    StringBuilder b = new StringBuilder();
    for (Object part : (List<?>) content) {
      String piece = Json.string(part, "text");
      if (piece != null) {
        b.append(piece);
      }
    }
    return b.toString();
  }

  /** {@code container_encoding_rate} of the parts present, e.g. {@code pcm_s16le_16000}; {@code null} without a container or encoding. */
  private static String join(String container, String encoding, Object sampleRate) {
    StringBuilder b = new StringBuilder();
    for (String part : new String[] {container, encoding}) {
      if (part != null && !part.isEmpty()) {
        b.append(b.length() == 0 ? "" : "_").append(part);
      }
    }
    if (b.length() == 0) {
      return null;
    }
    if (sampleRate != null && !sampleRate.toString().isEmpty()) {
      b.append('_').append(sampleRate);
    }
    return b.toString();
  }

  private static Long codePoints(String s) {
    return s == null ? null : (long) s.codePointCount(0, s.length());
  }

  private static <T> T firstNonNull(T a, T b) {
    return a != null ? a : b;
  }
}
