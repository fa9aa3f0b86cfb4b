package dev.voicetrace.clients;

import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.ai.audio.tts.TextToSpeechPrompt;
import org.springframework.ai.audio.tts.TextToSpeechResponse;
import org.springframework.ai.elevenlabs.ElevenLabsTextToSpeechModel;
import org.springframework.ai.elevenlabs.ElevenLabsTextToSpeechOptions;
import org.springframework.ai.elevenlabs.api.ElevenLabsApi;
import org.springframework.http.ResponseEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;

/**
 * Spring AI's ElevenLabs client as a bot uses it (no Spring Boot): {@code
 * ElevenLabsTextToSpeechModel.call} (Spring's {@code RestClient}) and {@code .stream} (Spring's
 * {@code WebClient}, a {@code Flux} of audio chunks), and {@code ElevenLabsApi.textToSpeech} directly
 * (its {@code ResponseEntity} carries the response headers, so the app sees the {@code request-id}).
 * With no other HTTP client on the class path, Spring puts both on the JDK {@code HttpClient}. Each
 * scenario is one method (a configured session method) making one request.
 *
 * <p>Prints {@code RESULT scenario=… bytes=… sha256=… requestId=…} per scenario ({@code requestId}
 * {@code -} where the app cannot see it), then {@code APP_DONE}.
 *
 * <p>Usage: {@code SpringAiElevenLabsApp <fake provider base url>} (the server root).
 */
public class SpringAiElevenLabsApp {
  public static final String TEXT = "Thanks for calling, how can I help you today?";
  public static final String MODEL = "eleven_flash_v2_5";
  public static final String VOICE = "21m00Tcm4TlvDq8ikWAM";
  public static final String FORMAT = "ulaw_8000";

  private final ElevenLabsApi api;
  private final ElevenLabsTextToSpeechModel model;

  SpringAiElevenLabsApp(String baseUrl) {
    api = ElevenLabsApi.builder().baseUrl(baseUrl).apiKey("xi-fake-spring-ai").build();
    model = ElevenLabsTextToSpeechModel.builder().elevenLabsApi(api).defaultOptions(options()).build();
  }

  static ElevenLabsTextToSpeechOptions options() {
    return ElevenLabsTextToSpeechOptions.builder().modelId(MODEL).voiceId(VOICE).outputFormat(FORMAT).build();
  }

  public static void main(String[] args) {
    SpringAiElevenLabsApp app = new SpringAiElevenLabsApp(args[0]);
    Map<String, Runnable> scenarios = new LinkedHashMap<>();
    scenarios.put("modelCall", app::modelCall);
    scenarios.put("modelStream", app::modelStream);
    scenarios.put("apiCall", app::apiCall);
    for (Runnable scenario : scenarios.values()) {
      scenario.run();
    }
    System.out.println("APP_DONE");
    System.exit(0);
  }

  /** {@code ElevenLabsTextToSpeechModel.call}: {@code POST /v1/text-to-speech/{voice}} over {@code RestClient}. */
  public void modelCall() {
    TextToSpeechResponse response = model.call(new TextToSpeechPrompt(TEXT));
    report("modelCall", response.getResult().getOutput(), "-");
  }

  /**
   * {@code ElevenLabsTextToSpeechModel.stream}: {@code POST /v1/text-to-speech/{voice}/stream} over
   * {@code WebClient}, each chunk a {@code TextToSpeechResponse}; the app joins them.
   */
  public void modelStream() {
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    model.stream(new TextToSpeechPrompt(TEXT)).doOnNext(r -> audio.writeBytes(r.getResult().getOutput())).blockLast();
    report("modelStream", audio.toByteArray(), "-");
  }

  /** {@code ElevenLabsApi.textToSpeech} with the {@code output_format} query parameter, over {@code RestClient}. */
  public void apiCall() {
    ElevenLabsApi.SpeechRequest request = ElevenLabsApi.SpeechRequest.builder().text(TEXT).modelId(MODEL).build();
    MultiValueMap<String, String> query = new LinkedMultiValueMap<>();
    query.add("output_format", FORMAT);
    ResponseEntity<byte[]> response = api.textToSpeech(request, VOICE, query);
    report("apiCall", response.getBody(), response.getHeaders().getFirst("request-id"));
  }

  private static void report(String scenario, byte[] audio, String requestId) {
    System.out.println("RESULT scenario=" + scenario + " bytes=" + audio.length + " sha256=" + sha256(audio)
        + " requestId=" + requestId);
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
