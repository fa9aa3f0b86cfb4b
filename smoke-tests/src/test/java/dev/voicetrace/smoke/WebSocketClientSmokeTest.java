package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.WebSocketClientApp;
import dev.voicetrace.smoke.harness.AgentProperties;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.FakeProviders.RecordedRequest;
import dev.voicetrace.smoke.harness.FakeStreamingStt;
import dev.voicetrace.smoke.harness.ForkedJvm;
import dev.voicetrace.smoke.harness.ReceivedSpan;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.TestCertificate;
import dev.voicetrace.smoke.harness.ProviderFront;
import dev.voicetrace.smoke.harness.TraceView;
import dev.voicetrace.smoke.harness.VoiceSpans;
import java.io.File;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * WebSocket client listener callbacks (JDK {@code HttpClient}, OkHttp, Jakarta/Tyrus, Java-WebSocket, Reactor
 * Netty, Jetty, Spring's {@code StandardWebSocketClient} on Tomcat) run in the session of the call that opened the connection: two calls per client at once, each
 * answering from its own streaming-STT callback thread, and each TTS span lands in its own call's session — and the
 * WebSocket client connections themselves open no session.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(120)
class WebSocketClientSmokeTest {
  private static final String SERVICE = "smoke-websocket-clients";
  private static final String APP = WebSocketClientApp.class.getName();
  private static final List<String> CALLS = List.of("CA-ws-jdk-1", "CA-ws-jdk-2", "CA-ws-okhttp-1", "CA-ws-okhttp-2",
      "CA-ws-tyrus-1", "CA-ws-tyrus-2", "CA-ws-javaws-1", "CA-ws-javaws-2",
      "CA-ws-reactor-1", "CA-ws-reactor-2", "CA-ws-jetty-1", "CA-ws-jetty-2",
      "CA-ws-spring-1", "CA-ws-spring-2");

  @Test
  void listenerCallbacksRunInTheSessionThatOpenedTheConnection(SmokeEnv env) {
    try (FakeStreamingStt stt = FakeStreamingStt.start()) {
      runAndCheck(env, SERVICE, stt.url(), env.providers().baseUrl(), Map.of());
    }
  }

  /**
   * The same over TLS, as bots reach the real streaming STT and TTS endpoints: the streaming STT on
   * {@code wss://} and the TTS requests through a {@link ProviderFront} ({@code https://}, HTTP/2 where the
   * client negotiates it), both presenting one {@link TestCertificate} the app trusts.
   */
  @Test
  void overTlsTooEachCallbackRunsInItsOwnCallsSession(SmokeEnv env) {
    try (TestCertificate certificate = TestCertificate.create();
        FakeStreamingStt stt = FakeStreamingStt.startTls(certificate);
        ProviderFront front = ProviderFront.start(env.providers().baseUrl(), certificate)) {
      assertTrue(stt.url().startsWith("wss://"), stt.url());
      runAndCheck(env, SERVICE + "-tls", stt.url(), front.baseUrl(), certificate.trustStoreProperties());
      assertEquals(CALLS.size(), front.requests().size(), "every TTS request went through the front\n"
          + String.join("\n", front.requests()));
    }
  }

  /**
   * The app's class path: the sample bot's jar (OkHttp, and Tyrus, the Jakarta client the Tyrus calls get from
   * {@code ContainerProvider}) before Tomcat's, then the other clients' jars.
   */
  private static String classPath() {
    return Artifacts.testClassesDir() + File.pathSeparator + Artifacts.sampleBotJar() + File.pathSeparator
        + Stream.concat(Stream.of(
            "org.java_websocket.client.WebSocketClient",
            "org.eclipse.jetty.websocket.client.WebSocketClient", "org.eclipse.jetty.client.HttpClient",
            "org.eclipse.jetty.alpn.client.ALPNClientConnectionFactory", "org.eclipse.jetty.http.HttpField",
            "org.eclipse.jetty.util.component.LifeCycle", "org.eclipse.jetty.io.EndPoint",
            "org.eclipse.jetty.compression.gzip.GzipCompression", "org.eclipse.jetty.compression.Compression",
            "org.eclipse.jetty.websocket.core.client.WebSocketCoreClient", "org.eclipse.jetty.websocket.core.CoreSession",
            "org.eclipse.jetty.websocket.api.Session", "org.eclipse.jetty.websocket.common.JettyWebSocketFrameHandler",
            "org.springframework.web.socket.client.standard.StandardWebSocketClient",
            "org.springframework.web.util.UriComponentsBuilder", "org.springframework.core.task.AsyncTaskExecutor",
            "org.springframework.context.Lifecycle", "org.springframework.beans.BeanUtils",
            "org.springframework.aop.Advisor", "org.springframework.expression.Expression",
            "org.apache.commons.logging.LogAdapter", "io.micrometer.observation.Observation",
            "io.micrometer.common.KeyValue", "org.apache.tomcat.websocket.WsWebSocketContainer",
            "org.apache.tomcat.InstanceManager"), Stream.of(ClientScenarioChecks.REACTOR_NETTY))
            .map(ClientScenarioChecks::classPathOf).distinct().collect(Collectors.joining(File.pathSeparator));
  }

  private static void runAndCheck(SmokeEnv env, String service, String sttUrl, String baseUrl,
      Map<String, String> jvmProperties) {
    ForkedJvm.Builder app = ForkedJvm.builder(service + "-app")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
        .systemProperties(jvmProperties)
        .systemProperty("otel.instrumentation.voicetrace.session.methods", APP + "[handleJdkCall,handleOkHttpCall,handleTyrusCall,handleJavaWebSocketCall,handleReactorNettyCall,handleJettyCall,handleSpringCall]")
        .mainClass(classPath(), APP)
        .args(baseUrl, sttUrl);
    try (ForkedJvm jvm = app.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(60)), "app exit code\n" + jvm.tail());
      jvm.awaitLine(Pattern.compile("WS_CLIENTS_DONE"), Duration.ofSeconds(1));
    }

    TraceView view = new TraceView(env.receiver().awaitServiceSpans(service, CALLS.size() + " sessions and TTS spans",
        spans -> new TraceView(spans).sessions().size() >= CALLS.size()
            && spans.stream().filter(VoiceSpans::isTts).count() >= CALLS.size(),
        Duration.ofSeconds(20)));

    assertEquals(CALLS.size(), view.sessions().size(),
        "one session per call, none for the WebSocket client connections\n" + view.render());
    Set<String> sessionIds = new HashSet<>();
    for (String callSid : CALLS) {
      List<RecordedRequest> requests = env.providers().requestsOf(callSid);
      assertEquals(1, requests.size(), callSid);
      ReceivedSpan tts = view.ttsInTrace(requests.get(0).traceId());
      ReceivedSpan session = view.sessionAbove(tts);
      assertNotNull(session, callSid + ": the TTS made in the listener callback is not inside a session\n" + view.render());
      assertEquals("method", session.stringAttr("voice.session.source"), session.describe());
      assertEquals(session.stringAttr("session.id"), tts.stringAttr("session.id"), tts.describe());
      sessionIds.add(session.stringAttr("session.id"));
    }
    assertEquals(CALLS.size(), sessionIds.size(), "two calls' callbacks were attributed to one session\n" + view.render());
    assertNotEquals(env.providers().requestsOf("CA-ws-okhttp-1").get(0).traceId(),
        env.providers().requestsOf("CA-ws-okhttp-2").get(0).traceId());
  }
}
