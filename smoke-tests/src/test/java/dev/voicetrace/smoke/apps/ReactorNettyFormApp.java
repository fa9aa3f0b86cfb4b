package dev.voicetrace.smoke.apps;

import java.io.ByteArrayInputStream;
import reactor.netty.http.client.HttpClient;

/**
 * OpenAI transcriptions uploaded with Reactor Netty's own form API, {@code sendForm} (a multipart form:
 * the model and language as attributes, the audio as a file), each a session method: {@code
 * transcribeShort} with 2,000 bytes of audio, {@code transcribeLong} with 64,000 (Netty's encoder hands
 * a multipart form to the connection in chunks of about 8 KB). After each it prints {@code RESULT
 * case=… status=… text=…}: the status and the transcript it read (spaces as {@code _}).
 *
 * <p>Usage: {@code ReactorNettyFormApp <fake provider base url> <run>}, where {@code run} names the
 * caller ({@code x-call-sid} is the run and the case: the fake server answers each caller's script
 * from its first line); prints {@code APP_DONE}.
 */
public class ReactorNettyFormApp {
  public static final String[] CASES = {"transcribeShort", "transcribeLong"};
  public static final String MODEL = "gpt-4o-mini-transcribe";
  public static final String LANGUAGE = "de";

  private final String baseUrl;
  private final String run;
  private final HttpClient http = HttpClient.create();

  ReactorNettyFormApp(String baseUrl, String run) {
    this.baseUrl = baseUrl;
    this.run = run;
  }

  public static void main(String[] args) {
    ReactorNettyFormApp app = new ReactorNettyFormApp(args[0], args[1]);
    app.transcribeShort();
    app.transcribeLong();
    ReactorNettyApp.shutDown();
    System.out.println("APP_DONE");
  }

  public void transcribeShort() {
    transcribe("transcribeShort", 2_000);
  }

  public void transcribeLong() {
    transcribe("transcribeLong", 64_000);
  }

  private void transcribe(String name, int audioBytes) {
    byte[] audio = new byte[audioBytes];
    for (int i = 0; i < audio.length; i++) {
      audio[i] = (byte) (i * 31);
    }
    String[] seen = http.headers(h -> h.set("Authorization", "Bearer sk-reactor-netty-form-app")
            .set("x-call-sid", run + "-" + name))
        .post()
        .uri(baseUrl + "/v1/audio/transcriptions")
        .sendForm((request, form) -> form.multipart(true)
            .attr("model", MODEL)
            .attr("language", LANGUAGE)
            .file("file", "turn.wav", new ByteArrayInputStream(audio), "audio/wav"))
        .responseSingle((response, body) -> body.asString().defaultIfEmpty("")
            .map(text -> new String[] {String.valueOf(response.status().code()), text}))
        .block();
    System.out.println("RESULT case=" + name + " status=" + seen[0] + " text=" + seen[1].trim().replace(' ', '_'));
  }
}
