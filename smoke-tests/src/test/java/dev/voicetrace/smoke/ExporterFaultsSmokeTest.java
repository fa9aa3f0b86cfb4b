package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.sun.net.httpserver.HttpServer;
import dev.voicetrace.smoke.harness.CallSimulator;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.VoiceBot;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The telemetry backend failing never reaches the caller: with the OTLP endpoint down, answering
 * every export with 503, or taking 5 s per export, the bot's calls succeed with byte-identical audio
 * to a run without the agent; a down or failing endpoint is reported in the bot's log.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(240)
class ExporterFaultsSmokeTest {
  private static final int CALLS = 2;

  @Test
  void aFailingBackendNeverReachesTheCaller(SmokeEnv env) throws Exception {
    List<String> baseline = audio(env.plainBot("smoke-exporter-baseline").withoutAgent(), false);

    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    VoiceBot.Builder down = exportingTo(env, "smoke-exporter-down", "http://127.0.0.1:" + closedPort);
    assertEquals(baseline, audio(down, true), "audio with the OTLP endpoint down");

    HttpServer failing = endpoint(503, 0);
    try {
      VoiceBot.Builder erroring = exportingTo(env, "smoke-exporter-503", "http://127.0.0.1:" + failing.getAddress().getPort());
      assertEquals(baseline, audio(erroring, true), "audio with the OTLP endpoint answering 503");
    } finally {
      failing.stop(0);
    }

    HttpServer slow = endpoint(200, 5000);
    try {
      VoiceBot.Builder stalling = exportingTo(env, "smoke-exporter-slow", "http://127.0.0.1:" + slow.getAddress().getPort());
      assertEquals(baseline, audio(stalling, false), "audio with an OTLP endpoint taking 5 s per export");
    } finally {
      slow.stop(0);
    }
  }

  private static VoiceBot.Builder exportingTo(SmokeEnv env, String service, String endpoint) {
    return env.plainBot(service).systemProperty("otel.exporter.otlp.endpoint", endpoint);
  }

  /**
   * Each call's "bytes:sha256", sorted. With {@code failureLogged}, also waits for the agent's own
   * warning that an export failed (upstream's exporter logs it; batch delay 100 ms, metrics every second).
   */
  private static List<String> audio(VoiceBot.Builder builder, boolean failureLogged) {
    try (VoiceBot bot = builder.start()) {
      CallSimulator.Result result = CallSimulator.against(bot).protocol("twilio").hangup("stop")
          .calls(CALLS).utterances(2).timeoutSeconds(60).run().assertSucceeded(CALLS);
      List<String> audio = new ArrayList<>();
      for (CallSimulator.Call call : result.calls()) {
        audio.add(call.audioBytes() + ":" + call.audioSha256());
      }
      Collections.sort(audio);
      if (failureLogged) {
        bot.jvm().awaitLine(Pattern.compile("Failed to export"), Duration.ofSeconds(20));
      }
      return audio;
    }
  }

  /** An OTLP/HTTP endpoint that answers every export with {@code status} after {@code delayMs}. */
  private static HttpServer endpoint(int status, long delayMs) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    server.setExecutor(Executors.newCachedThreadPool());
    server.createContext("/", exchange -> {
      try {
        exchange.getRequestBody().readAllBytes();
        if (delayMs > 0) {
          Thread.sleep(delayMs);
        }
        exchange.sendResponseHeaders(status, -1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } finally {
        exchange.close();
      }
    });
    server.start();
    return server;
  }
}
