package dev.voicetrace.smoke.apps;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.HttpProtocol;
import reactor.netty.http.HttpResources;
import reactor.netty.http.client.HttpClient;

/**
 * The {@link ClientScenarios} over Reactor Netty's {@code HttpClient} (what Spring {@code WebClient}
 * runs on), one response API per scenario: {@code responseSingle} (the body aggregated) with a
 * {@code Mono} request body; {@code response(…)} read chunk by chunk and cancelled after {@link
 * ClientScenarios#PARTIAL_BYTES} (a {@code takeUntil}: barge-in); {@code responseContent()} read to
 * the end; the chat over {@code responseConnection(…)} with a {@code Flux} (chunked) request body; a
 * 500 read with {@code responseSingle}.
 *
 * <p>Usage: {@code ReactorNettyApp <fake provider base url>} (an {@code https} one: HTTP/2 offered as well);
 * prints {@code APP_DONE}.
 */
public class ReactorNettyApp {
  /**
   * The system property that makes the client speak HTTP/2 over cleartext with prior knowledge
   * ({@code HttpProtocol.H2C} alone) to an {@code http://} server.
   */
  public static final String H2C = "app.h2c";

  private final String baseUrl;
  private final HttpClient http;

  ReactorNettyApp(String baseUrl) {
    this.baseUrl = baseUrl;
    HttpClient client = HttpClient.create().headers(h -> h.set("content-type", "application/json"));
    // over HTTPS, HTTP/2 when the server offers it (ALPN), as a WebFlux app configured for it does
    if (baseUrl.startsWith("https:")) {
      this.http = client.protocol(HttpProtocol.H2, HttpProtocol.HTTP11).secure();
    } else {
      this.http = Boolean.getBoolean(H2C) ? client.protocol(HttpProtocol.H2C) : client;
    }
  }

  public static void main(String[] args) {
    ReactorNettyApp app = new ReactorNettyApp(args[0]);
    app.ttsFull();
    app.ttsPartial();
    app.ttsStream();
    app.chatStream();
    app.ttsFail();
    shutDown();
    System.out.println("APP_DONE");
  }

  /**
   * Disposes the default event loops and connection pools, letting them finish their queued work first, as an
   * application's graceful shutdown does. Upstream's HTTP span ends on the event loop once the connection is
   * released, which can come after the app already has the body; an app that exits at once can beat it (the
   * span then ends after the exporter's last flush and is lost: seen for the last request of a run, with
   * voicetrace's modules off too).
   */
  public static void shutDown() {
    try {
      HttpResources.disposeLoopsAndConnectionsLater(Duration.ZERO, Duration.ofSeconds(5)).block();
    } catch (RuntimeException e) {
      // on Reactor Netty 1.3 (Netty 4.2) the pools' disposal can find the loops already terminated
      // (RejectedExecutionException "event executor terminated", CI 2026-12-07): their work is done by then
      System.err.println("ReactorNettyApp.shutDown: " + e);
    }
  }

  private HttpClient.ResponseReceiver<?> tts(String voice) {
    ByteBuf json = Unpooled.copiedBuffer(ClientScenarios.ttsJson(), StandardCharsets.UTF_8);
    return http.headers(h -> h.set("xi-api-key", "xi-reactor-netty-app")).post()
        .uri(baseUrl + ClientScenarios.ttsPath(voice)).send(Mono.just(json));
  }

  /** {@code responseSingle}: status and the aggregated body. */
  private void single(String scenario, String voice) {
    Object[] seen = tts(voice).responseSingle((response, body) -> body.asByteArray().defaultIfEmpty(new byte[0])
        .map(bytes -> {
          ClientScenarios.done(); // the aggregated body is here: the client has seen its end
          return new Object[] {response.status().code(), bytes};
        })).block();
    ClientScenarios.report(scenario, (Integer) seen[0], (byte[]) seen[1]);
  }

  public void ttsFull() {
    single("ttsFull", ClientScenarios.VOICE_FULL);
  }

  public void ttsPartial() {
    AtomicInteger status = new AtomicInteger();
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    tts(ClientScenarios.VOICE_PARTIAL).response((response, content) -> {
      status.set(response.status().code());
      return content.asByteArray();
    }).takeUntil(chunk -> { // barge-in: the rest of the audio is not wanted
      head.writeBytes(chunk);
      if (head.size() < ClientScenarios.PARTIAL_BYTES) {
        return false;
      }
      ClientScenarios.done();
      return true;
    }).blockLast();
    ClientScenarios.report("ttsPartial", status.get(), head.toByteArray());
  }

  public void ttsStream() {
    AtomicInteger status = new AtomicInteger();
    ByteArrayOutputStream audio = new ByteArrayOutputStream();
    http.doOnResponse((response, connection) -> status.set(response.status().code())).post()
        .uri(baseUrl + ClientScenarios.ttsPath(ClientScenarios.VOICE_STREAM))
        .send(Mono.just(Unpooled.copiedBuffer(ClientScenarios.ttsJson(), StandardCharsets.UTF_8)))
        .responseContent().asByteArray().doOnNext(audio::writeBytes).doOnComplete(ClientScenarios::done).blockLast();
    ClientScenarios.report("ttsStream", status.get(), audio.toByteArray());
  }

  public void chatStream() {
    AtomicInteger status = new AtomicInteger();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    http.headers(h -> h.set("Authorization", "Bearer sk-reactor-netty-app")).post()
        .uri(baseUrl + "/v1/chat/completions")
        .send(ByteBufFlux.fromString(Flux.just(ClientScenarios.chatJson()))) // a Flux: sent chunked
        .responseConnection((response, connection) -> {
          status.set(response.status().code());
          return connection.inbound().receive().asByteArray();
        }).doOnNext(body::writeBytes).doOnComplete(ClientScenarios::done).blockLast();
    byte[] sse = body.toByteArray();
    ClientScenarios.report("chatStream", status.get(), sse, ClientScenarios.chatContent(sse));
  }

  public void ttsFail() {
    single("ttsFail", ClientScenarios.VOICE_FAIL);
  }
}
