package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import dev.voicetrace.smoke.apps.MethodSessionApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.OtlpReceiver;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The harness itself, independent of the voice features and of the sample bot: a JVM forked with the
 * agent exports (gzip-compressed) OTLP spans that the receiver decodes, and the span the receiver got
 * is the one whose context went out in the request's traceparent. When every smoke test fails, this
 * one tells whether the harness or the agent is at fault.
 */
@Timeout(60)
class HarnessSelfTest {

  @Test
  void receiverDecodesGzippedSpansOfAForkedAgentJvm() throws Exception {
    Map<String, String> traceparents = new ConcurrentHashMap<>();
    HttpServer tts = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
    tts.createContext("/", ex -> {
      try (ex) {
        ex.getRequestBody().readAllBytes();
        String tp = ex.getRequestHeaders().getFirst("traceparent");
        traceparents.put(String.valueOf(ex.getRequestHeaders().getFirst("x-call-sid")), String.valueOf(tp));
        ex.getResponseHeaders().set("Content-Type", "audio/basic");
        ex.sendResponseHeaders(200, 0); // chunked
        try (OutputStream out = ex.getResponseBody()) {
          out.write(new byte[1600]);
        }
      }
    });
    tts.start();
    try (OtlpReceiver receiver = OtlpReceiver.start()) {
      ForkedJvm.Builder app = ForkedJvm.builder("harness-self-test")
          .javaagent(Artifacts.agentJar())
          .systemProperties(AgentProperties.exportingTo(receiver, "smoke-harness"))
          .systemProperty("otel.exporter.otlp.compression", "gzip")
          .mainClass(Artifacts.testClassesDir().toString(), MethodSessionApp.class.getName())
          .args("http://127.0.0.1:" + tts.getAddress().getPort());
      try (ForkedJvm jvm = app.start()) {
        assertEquals(0, jvm.awaitExit(Duration.ofSeconds(45)), jvm.tail());
        assertEquals("1600", jvm.awaitLine(Pattern.compile("SYNC_DONE audioBytes=(\\d+)"), Duration.ofSeconds(1))
            .group(1));
      }
      String traceparent = traceparents.get("CA-method-sync");
      assertTrue(traceparent != null && traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}"),
          "the agent propagated no traceparent: " + traceparent);
      String[] tp = traceparent.split("-");
      List<ReceivedSpan> spans = receiver.awaitSpans("the HTTP client span of the TTS request",
          all -> all.stream().anyMatch(s -> s.spanId().equals(tp[2])), Duration.ofSeconds(15));
      ReceivedSpan http = spans.stream().filter(s -> s.spanId().equals(tp[2])).findFirst().orElseThrow();
      assertEquals(tp[1], http.traceId());
      assertEquals("CLIENT", http.kind());
      assertEquals("POST", http.attr("http.request.method"));
      assertEquals(200L, http.longAttr("http.response.status_code"));
      assertTrue(http.stringAttr("url.full").contains("/v1/text-to-speech/" + MethodSessionApp.VOICE), http.describe());
      assertEquals("smoke-harness", http.serviceName());
      assertTrue(http.endEpochNanos() > http.startEpochNanos(), http.describe());
    } finally {
      tts.stop(0);
    }
  }
}
