package dev.voicetrace.smoke.apps;

import dev.voicetrace.smoke.apps.VendorCalls.VendorCall;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * One call to each speech vendor's wire format ({@link VendorCalls}) on the fake provider server, over
 * the JDK {@code HttpClient}, each read with a different body handler: Cartesia bytes and SSE, Azure Speech TTS and short-audio STT, Google TTS and STT,
 * Polly, OpenAI speech SSE and streamed transcription, Deepgram listen. Each scenario is a session
 * method; after each it prints {@code RESULT scenario=… status=… audio=… text=…}: the audio bytes the
 * app got (decoded where the vendor sends base64) and the transcript it read. JDK only.
 *
 * <p>Usage: {@code SpeechVendorsApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class SpeechVendorsApp {
  public static final String[] SCENARIOS = {
    "cartesiaBytes", "cartesiaSse", "azureTts", "azureStt", "googleTts", "googleStt", "polly",
    "openAiSpeechSse", "openAiTranscriptionStream", "deepgramListen",
  };

  private final String baseUrl;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  SpeechVendorsApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) throws Exception {
    SpeechVendorsApp app = new SpeechVendorsApp(args[0]);
    app.cartesiaBytes();
    app.cartesiaSse();
    app.azureTts();
    app.azureStt();
    app.googleTts();
    app.googleStt();
    app.polly();
    app.openAiSpeechSse();
    app.openAiTranscriptionStream();
    app.deepgramListen();
    System.out.println("APP_DONE");
  }

  private HttpRequest.Builder request(VendorCall call) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + call.pathAndQuery())).timeout(Duration.ofSeconds(20))
        .POST(HttpRequest.BodyPublishers.ofByteArray(call.body()));
    call.headers().forEach(b::header);
    return b;
  }

  public void cartesiaBytes() throws Exception {
    VendorCall call = VendorCalls.cartesiaBytes();
    HttpResponse<byte[]> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofByteArray());
    report(call, r.statusCode(), r.body());
  }

  public void cartesiaSse() throws Exception {
    VendorCall call = VendorCalls.cartesiaSse();
    HttpResponse<InputStream> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofInputStream());
    report(call, r.statusCode(), readAll(r.body()));
  }

  public void azureTts() throws Exception {
    VendorCall call = VendorCalls.azureTts();
    HttpResponse<byte[]> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofByteArray());
    report(call, r.statusCode(), r.body());
  }

  public void azureStt() throws Exception {
    VendorCall call = VendorCalls.azureStt();
    HttpResponse<String> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofString());
    report(call, r.statusCode(), r.body().getBytes(StandardCharsets.UTF_8));
  }

  public void googleTts() throws Exception {
    VendorCall call = VendorCalls.googleTts();
    HttpResponse<String> r = http.sendAsync(request(call).build(), HttpResponse.BodyHandlers.ofString()).get();
    report(call, r.statusCode(), r.body().getBytes(StandardCharsets.UTF_8));
  }

  public void googleStt() throws Exception {
    VendorCall call = VendorCalls.googleStt();
    HttpResponse<String> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofString());
    report(call, r.statusCode(), r.body().getBytes(StandardCharsets.UTF_8));
  }

  public void polly() throws Exception {
    VendorCall call = VendorCalls.polly();
    HttpResponse<InputStream> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofInputStream());
    report(call, r.statusCode(), readAll(r.body()));
  }

  public void openAiSpeechSse() throws Exception {
    VendorCall call = VendorCalls.openAiSpeechSse();
    HttpResponse<InputStream> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofInputStream());
    report(call, r.statusCode(), readAll(r.body()));
  }

  public void openAiTranscriptionStream() throws Exception {
    VendorCall call = VendorCalls.openAiTranscriptionStream();
    HttpResponse<InputStream> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofInputStream());
    report(call, r.statusCode(), readAll(r.body()));
  }

  public void deepgramListen() throws Exception {
    VendorCall call = VendorCalls.deepgramListen();
    HttpResponse<String> r = http.send(request(call).build(), HttpResponse.BodyHandlers.ofString());
    report(call, r.statusCode(), r.body().getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] readAll(InputStream in) throws Exception {
    try (InputStream s = in) {
      return ClientScenarios.readInPieces(s, 512);
    }
  }

  private static void report(VendorCall call, int status, byte[] body) {
    VendorCalls.Seen seen = VendorCalls.seen(call, body);
    System.out.println("RESULT scenario=" + call.name() + " status=" + status + " audio=" + seen.audioBytes()
        + " text=" + seen.text());
  }
}
