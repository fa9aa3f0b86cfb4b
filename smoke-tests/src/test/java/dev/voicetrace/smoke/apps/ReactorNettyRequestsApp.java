package dev.voicetrace.smoke.apps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.NettyOutbound;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.HttpClientRequest;

/**
 * ElevenLabs TTS requests made the less common ways of Reactor Netty's {@code HttpClient}, each a session
 * method: {@code sendObjectBuf} sends the JSON body as one {@code ByteBuf} with {@code
 * NettyOutbound.sendObject(Object)} (with a {@code Content-Length}); {@code sendObjectFlux} as a {@code Flux}
 * of two buffers split inside the text, with {@code sendObject(Publisher)} (chunked) — neither is the path
 * {@code send}, {@code sendString} and {@code sendByteArray} take; {@code uriMono} gives its URI as a {@code
 * Mono} ({@code uri(Mono)}), which the client resolves only when the request is made. Each reads the audio
 * to the end and prints {@link ClientScenarios#report}'s line under its case name.
 *
 * <p>Usage: {@code ReactorNettyRequestsApp <fake provider base url>}; prints {@code APP_DONE}.
 */
public class ReactorNettyRequestsApp {
  public static final String[] CASES = {"sendObjectBuf", "sendObjectFlux", "uriMono"};

  private final String baseUrl;
  private final HttpClient http = HttpClient.create()
      .headers(h -> h.set("content-type", "application/json").set("xi-api-key", "xi-reactor-netty-send-object"));

  ReactorNettyRequestsApp(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  public static void main(String[] args) {
    ReactorNettyRequestsApp app = new ReactorNettyRequestsApp(args[0]);
    app.sendObjectBuf();
    app.sendObjectFlux();
    app.uriMono();
    ReactorNettyApp.shutDown();
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

  public void uriMono() {
    Object[] seen = http.post()
        .uri(Mono.fromSupplier(() -> baseUrl + ClientScenarios.ttsPath("uriMono")))
        .send(Mono.fromSupplier(() -> buffer(ClientScenarios.ttsJson())))
        .responseSingle((response, content) -> content.asByteArray().defaultIfEmpty(new byte[0])
            .map(bytes -> new Object[] {response.status().code(), bytes}))
        .block();
    ClientScenarios.report("uriMono", (Integer) seen[0], (byte[]) seen[1]);
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
