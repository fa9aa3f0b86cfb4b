package dev.voicetrace.core.provider;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import dev.voicetrace.core.VoiceLog;

/**
 * Classifies an HTTP request as a speech or LLM call by method and path; the host is only a hint
 * (it names the provider of OpenAI-compatible APIs), since gateways, proxies and local fakes change
 * hosts. Users add or override entries with {@code otel.instrumentation.voicetrace.providers}.
 */
public final class ProviderCatalog {
  private final List<ProviderRoute> routes;

  private ProviderCatalog(List<ProviderRoute> routes) {
    List<ProviderRoute> sorted = new ArrayList<>(routes);
    // user entries first (stable sort keeps their order), then the longest patterns
    this.routes = Collections.unmodifiableList(sorted);
  }

  /** The built-in catalog plus the user's entries (which win over built-in ones). */
  public static ProviderCatalog create(String userEntries) {
    List<ProviderRoute> user = parseEntries(userEntries);
    List<ProviderRoute> builtIn = builtIn();
    builtIn.sort(Comparator.comparingInt(ProviderRoute::length).reversed());
    user.sort(Comparator.comparingInt(ProviderRoute::length).reversed());
    List<ProviderRoute> all = new ArrayList<>(user);
    all.addAll(builtIn);
    return new ProviderCatalog(all);
  }

  static List<ProviderRoute> builtIn() {
    List<ProviderRoute> r = new ArrayList<>();
    Operation chat = Operation.CHAT;
    Operation tts = Operation.TEXT_TO_SPEECH;
    Operation stt = Operation.SPEECH_TO_TEXT;
    r.add(new ProviderRoute(chat, "openai", "POST", "/v1/chat/completions", BodyDialect.OPENAI_CHAT));
    r.add(new ProviderRoute(chat, "azure.ai.openai", "POST", "/openai/deployments/{deployment}/chat/completions", BodyDialect.OPENAI_CHAT));
    r.add(new ProviderRoute(chat, "openai", "POST", "/v1/responses", BodyDialect.OPENAI_RESPONSES));
    r.add(new ProviderRoute(tts, "openai", "POST", "/v1/audio/speech", BodyDialect.OPENAI_SPEECH));
    r.add(new ProviderRoute(tts, "azure.ai.openai", "POST", "/openai/deployments/{deployment}/audio/speech", BodyDialect.OPENAI_SPEECH));
    r.add(new ProviderRoute(stt, "openai", "POST", "/v1/audio/transcriptions", BodyDialect.OPENAI_TRANSCRIPTION));
    r.add(new ProviderRoute(stt, "azure.ai.openai", "POST", "/openai/deployments/{deployment}/audio/transcriptions", BodyDialect.OPENAI_TRANSCRIPTION));
    r.add(new ProviderRoute(tts, "elevenlabs", "POST", "/v1/text-to-speech/{voice}", BodyDialect.ELEVENLABS_TTS));
    r.add(new ProviderRoute(tts, "elevenlabs", "POST", "/v1/text-to-speech/{voice}/stream", BodyDialect.ELEVENLABS_TTS));
    r.add(new ProviderRoute(tts, "elevenlabs", "POST", "/v1/text-to-speech/{voice}/with-timestamps", BodyDialect.ELEVENLABS_TTS));
    r.add(new ProviderRoute(tts, "elevenlabs", "POST", "/v1/text-to-speech/{voice}/stream/with-timestamps", BodyDialect.ELEVENLABS_TTS));
    r.add(new ProviderRoute(tts, "deepgram", "POST", "/v1/speak", BodyDialect.DEEPGRAM));
    r.add(new ProviderRoute(stt, "deepgram", "POST", "/v1/listen", BodyDialect.DEEPGRAM));
    r.add(new ProviderRoute(tts, "cartesia", "POST", "/tts/bytes", BodyDialect.CARTESIA_TTS));
    r.add(new ProviderRoute(tts, "cartesia", "POST", "/tts/sse", BodyDialect.CARTESIA_TTS));
    r.add(new ProviderRoute(tts, "azure.speech", "POST", "/cognitiveservices/v1", BodyDialect.AZURE_TTS));
    r.add(new ProviderRoute(stt, "azure.speech", "POST", "/speech/recognition/conversation/cognitiveservices/v1", BodyDialect.AZURE_STT));
    r.add(new ProviderRoute(tts, "gcp.texttospeech", "POST", "/v1/text:synthesize", BodyDialect.GOOGLE_TTS));
    r.add(new ProviderRoute(stt, "gcp.speech", "POST", "/v1/speech:recognize", BodyDialect.GOOGLE_STT));
    r.add(new ProviderRoute(tts, "aws.polly", "POST", "/v1/speech", BodyDialect.POLLY_TTS));
    return r;
  }

  /**
   * Parses user entries: {@code op:provider=METHOD /path[;...]}, where op is {@code tts}, {@code
   * stt} or {@code chat}, e.g. {@code tts:acme=POST /v2/speak;stt:acme=POST /v2/listen}. A bad
   * entry is skipped with one warning naming it.
   */
  static List<ProviderRoute> parseEntries(String spec) {
    List<ProviderRoute> out = new ArrayList<>();
    if (spec == null || spec.trim().isEmpty()) {
      return out;
    }
    for (String raw : spec.split("[;\\n]")) {
      String entry = raw.trim();
      if (entry.isEmpty() || entry.startsWith("#")) {
        continue;
      }
      ProviderRoute route = parseEntry(entry);
      if (route == null) {
        VoiceLog.warn(
            "ignoring provider entry '" + entry
                + "' in otel.instrumentation.voicetrace.providers (expected op:provider=METHOD /path,"
                + " e.g. tts:acme=POST /v2/speak)");
      } else {
        out.add(route);
      }
    }
    return out;
  }

  private static ProviderRoute parseEntry(String entry) {
    int colon = entry.indexOf(':');
    int eq = entry.indexOf('=');
    if (colon <= 0 || eq <= colon + 1) {
      return null;
    }
    Operation op = Operation.parse(entry.substring(0, colon));
    String provider = entry.substring(colon + 1, eq).trim().toLowerCase(Locale.ROOT);
    String[] methodAndPath = entry.substring(eq + 1).trim().split("\\s+");
    if (op == null || provider.isEmpty() || methodAndPath.length != 2 || !methodAndPath[1].startsWith("/")) {
      return null;
    }
    BodyDialect dialect = op == Operation.CHAT ? BodyDialect.OPENAI_CHAT : BodyDialect.GENERIC;
    return new ProviderRoute(op, provider, methodAndPath[0], methodAndPath[1], dialect);
  }

  /** Classifies a request, or returns {@code null} when it is not a known provider call. */
  public ProviderMatch classify(String method, String url) {
    if (method == null || url == null) {
      return null;
    }
    URI uri;
    try {
      uri = URI.create(url);
    } catch (IllegalArgumentException e) {
      return null;
    }
    String path = uri.getRawPath();
    if (path == null || path.isEmpty()) {
      return null;
    }
    String[] segments = ProviderRoute.split(path);
    Map<String, String> captures = new HashMap<>(4); // one for all routes: cleared after a route that failed
    for (ProviderRoute route : routes) {
      if (!route.matches(method, segments, captures)) {
        captures.clear();
      } else {
        String host = uri.getHost();
        int port = uri.getPort();
        if (port < 0) {
          port = "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
        }
        String provider = (route.dialect == BodyDialect.OPENAI_CHAT || route.dialect == BodyDialect.OPENAI_RESPONSES)
            && route.provider.equals("openai")
            ? openAiCompatibleProvider(host, port) : route.provider;
        return new ProviderMatch(route, provider, captures, uri.getRawQuery(), host, port);
      }
    }
    return null;
  }

  /** True when {@code host} is {@code domain} or one of its sub-domains. */
  private static boolean onDomain(String host, String domain) {
    int dot = host.length() - domain.length() - 1;
    return host.equals(domain) || dot >= 0 && host.charAt(dot) == '.' && host.endsWith(domain);
  }

  /** Ollama's default port: a local or in-cluster Ollama has no host name to know it by. */
  private static final int OLLAMA_PORT = 11434;

  /** Names the provider behind an OpenAI-compatible chat API from its host (or Ollama's port), where known. */
  static String openAiCompatibleProvider(String host, int port) {
    if (port == OLLAMA_PORT) {
      return "ollama";
    }
    if (host == null) {
      return "openai";
    }
    String h = host.toLowerCase(Locale.ROOT);
    if (onDomain(h, "ollama.com")) {
      return "ollama";
    }
    if (onDomain(h, "groq.com")) {
      return "groq";
    }
    if (onDomain(h, "together.xyz") || onDomain(h, "together.ai")) {
      return "together_ai";
    }
    if (onDomain(h, "openrouter.ai")) {
      return "openrouter";
    }
    if (onDomain(h, "deepseek.com")) {
      return "deepseek";
    }
    if (onDomain(h, "mistral.ai")) {
      return "mistral_ai";
    }
    if (onDomain(h, "x.ai")) {
      return "x_ai";
    }
    if (onDomain(h, "fireworks.ai")) {
      return "fireworks";
    }
    if (onDomain(h, "openai.azure.com")) {
      return "azure.ai.openai";
    }
    return "openai";
  }
}
