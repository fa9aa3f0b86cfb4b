package dev.voicetrace.smoke.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One short ElevenLabs streaming TTS request over the JDK {@code HttpClient}, carrying the call sid
 * in {@code x-call-sid}: how the small test apps "say something" inside a call. JDK types only, so any
 * app can use it on a bare class path.
 */
public final class Speech {
  public static final String VOICE = "voice-handoff-app";

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  public Speech(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public void speak(String callSid) {
    try {
      HttpRequest request = HttpRequest.newBuilder(
              URI.create(baseUrl + "/v1/text-to-speech/" + VOICE + "/stream?output_format=ulaw_8000"))
          .header("Content-Type", "application/json")
          .header("x-call-sid", callSid)
          .timeout(Duration.ofSeconds(20))
          .POST(HttpRequest.BodyPublishers.ofString(
              "{\"text\":\"One moment please.\",\"model_id\":\"eleven_flash_v2_5\"}"))
          .build();
      HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      System.out.println("SPOKE " + callSid + " status=" + response.statusCode() + " bytes=" + response.body().length);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
