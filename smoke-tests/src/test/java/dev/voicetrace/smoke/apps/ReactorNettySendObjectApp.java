package dev.voicetrace.smoke.apps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;

/**
 * ElevenLabs TTS requests whose JSON body is sent with {@code NettyOutbound.sendObject}, which is not the
 * path {@code send}, {@code sendString} and {@code sendByteArray} take, each a session method:
 * {@code sendObjectBuf} sends the body as one {@code ByteBuf} ({@code sendObject(Object)}, with a {@code
 * Content-Length}); {@code sendObjectFlux} as a {@code Flux} of two buffers, split inside the text
 * ({@code sendObject(Publisher)}, chunked). Each reads the audio to the end and prints {@link
 * ClientScenarios#report}'s line under its case name.
 *
 * <p>Usage: {@code ReactorNettySendObjectApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class ReactorNettySendObjectApp {
  public static final String[] CASES = {"sendObjectBuf", "sendObjectFlux"};

  private final String baseUrl;
  private final HttpClient http = HttpClient.create()
      .headers(h -> h.set("content-type", "application/json").set("xi-api-key", "xi-reactor-netty-send-object"));

  ReactorNettySendObjectApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) {
    ReactorNettySendObjectApp app = new ReactorNettySendObjectApp(args[0]);
    app.sendObjectBuf();
    app.sendObjectFlux();
    System.out.println("APP_DONE");
  }

  public void sendObjectBuf() {
    tts("sendObjectBuf", (request, out) -> out.sendObject(buffer(ClientScenarios.ttsJson())));
  }

  public void sendObjectFlux() {
    String json = ClientScenarios.ttsJson();
    int cut = json.indexOf("table");
    tts("sendObjectFlux",
        (request, out) -> out.sendObject(Flux.just(json.substring(0, cut), json.substring(cut)).map(this::buffer)));
  }

  private ByteBuf buffer(String text) {
    return Unpooled.copiedBuffer(text, StandardCharsets.UTF_8);
  }

  private void tts(String name, java.util.function.BiFunction<HttpClientRequest, NettyOutbound, NettyOutbound> body) {
    Object[] seen = http.post()
        .uri(baseUrl + ClientScenarios.ttsPath(name))
        .send(body)
        .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> new Object[] {response.status().code(), bytes}))
        .block();
    ClientScenarios.report(name, (Integer) seen[0], (byte[]) seen[1]);
  }
}
