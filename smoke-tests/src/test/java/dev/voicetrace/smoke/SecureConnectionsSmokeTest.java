package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicetrace.smoke.apps.ApacheHttpAsyncClient5App;
import dev.voicetrace.smoke.apps.ApacheHttpClient4App;
import dev.voicetrace.smoke.apps.ApacheHttpClient5App;
import dev.voicetrace.smoke.apps.ClientScenarios;
import dev.voicetrace.smoke.apps.JdkBodyHandlersApp;
import dev.voicetrace.smoke.apps.ReactorNettyApp;
import dev.voicetrace.smoke.apps.UrlConnectionApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.SmokeEnvironment;
import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import dev.voicetrace.smoke.harness.ProviderFront;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The {@link ClientScenarioChecks} over HTTPS, as bots reach the real providers, with HTTP/2 where the
 * client negotiates it by ALPN (the JDK {@code HttpClient} and Apache HttpClient 5 async by default,
 * Reactor Netty configured for it): the {@link ProviderFront} before the fake providers records the protocol of
 * every request, and each test first checks that all of them (with and without the agent) used the one
 * it names — so an HTTP/2 test cannot pass on HTTP/1.1. Over HTTP/1.1 on TLS: {@code HttpsURLConnection} and
 * Apache HttpClient 5 classic and 4.5. Then the same checks as over plain HTTP: one
 * correct stage span per request under its turn with upstream's HTTP span under it, audio bytes == the
 * bytes the app got, {@code voice.ttfb} at least the server's delay, the cancel of a partly read body, the
 * 500, and the same bytes with and without the agent. And over cleartext HTTP/2 (h2c): the JDK
 * {@code HttpClient} asks for it on its own for {@code http://} URLs; Reactor Netty told to, and Apache
 * HttpClient 5's HTTP/2-only async client, speak it with prior knowledge.
 */
@ExtendWith(SmokeEnvironment.class)
@Timeout(180)
class SecureConnectionsSmokeTest {

  @Test
  void jdkHttpClientOverHttp2AndTls(SmokeEnv env) {
    check(env, "smoke-tls-jdk", JdkBodyHandlersApp.class.getName(), Artifacts.testClassesDir().toString(), "",
        "HTTP/2.0");
  }

  @Test
  void apacheHttpAsyncClient5OverHttp2AndTls(SmokeEnv env) {
    check(env, "smoke-tls-hc5-async", ApacheHttpAsyncClient5App.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5), ",\"chunkBytes\":500,\"chunkMs\":20",
        "HTTP/2.0");
  }

  @Test
  void reactorNettyOverHttp2AndTls(SmokeEnv env) {
    check(env, "smoke-tls-reactor-netty", ReactorNettyApp.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.REACTOR_NETTY), ",\"chunkBytes\":500", "HTTP/2.0");
  }

  @Test
  void httpsUrlConnectionOverTls(SmokeEnv env) {
    check(env, "smoke-tls-url-connection", UrlConnectionApp.class.getName(), Artifacts.testClassesDir().toString(),
        "", "HTTP/1.1");
  }

  @Test
  void apacheHttpClient5ClassicOverTls(SmokeEnv env) {
    check(env, "smoke-tls-hc5-classic", ApacheHttpClient5App.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5), "", "HTTP/1.1");
  }

  @Test
  void apacheHttpClient4OverTls(SmokeEnv env) {
    check(env, "smoke-tls-hc4", ApacheHttpClient4App.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT4), "", "HTTP/1.1");
  }

  /**
   * HTTP/2 over cleartext (h2c), as a sidecar or a self-hosted server on a private network may offer it: the JDK
   * {@code HttpClient} (HTTP/2 by default) asks for it with {@code Upgrade: h2c} on the first request of each
   * connection, the request's body included, and the front upgrades, answering that request over HTTP/2.
   */
  @Test
  void jdkHttpClientOverCleartextHttp2(SmokeEnv env) {
    checkOverH2c(env, "smoke-h2c-jdk", JdkBodyHandlersApp.class.getName(), Artifacts.testClassesDir().toString(),
        "", Map.of());
  }

  /** Reactor Netty told to speak HTTP/2 over cleartext with prior knowledge ({@code protocol(H2C)}). */
  @Test
  void reactorNettyOverCleartextHttp2(SmokeEnv env) {
    checkOverH2c(env, "smoke-h2c-reactor-netty", ReactorNettyApp.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.REACTOR_NETTY), ",\"chunkBytes\":500",
        Map.of(ReactorNettyApp.H2C, "true"));
  }

  /** Apache HttpClient 5's HTTP/2-only async client ({@code HttpAsyncClients.customHttp2()}: prior knowledge on h2c). */
  @Test
  void apacheHttpAsyncClient5OverCleartextHttp2(SmokeEnv env) {
    checkOverH2c(env, "smoke-h2c-hc5-async", ApacheHttpAsyncClient5App.class.getName(),
        ClientScenarioChecks.classPath(ClientScenarioChecks.APACHE_HTTPCLIENT5), ",\"chunkBytes\":500,\"chunkMs\":20",
        Map.of(ApacheHttpAsyncClient5App.HTTP2_ONLY, "true"));
  }

  /** Through a cleartext front; every request must have used HTTP/2. */
  private static void checkOverH2c(SmokeEnv env, String service, String app, String classPath, String knobs,
      Map<String, String> appProperties) {
    try (ProviderFront front = ProviderFront.cleartext(env.providers().baseUrl())) {
      check(env, front, service, app, classPath, knobs, appProperties, "HTTP/2.0");
    }
  }

  private static void check(SmokeEnv env, String service, String app, String classPath, String knobs,
      String protocol) {
    try (ProviderFront front = ProviderFront.start(env.providers().baseUrl())) {
      check(env, front, service, app, classPath, knobs, Map.of(), protocol);
    }
  }

  /** {@code appProperties}: system properties of both of the app's JVMs, besides the front's trust store. */
  private static void check(SmokeEnv env, ProviderFront front, String service, String app, String classPath,
      String knobs, Map<String, String> appProperties, String protocol) {
    Map<String, String> properties = new HashMap<>(front.trustStoreProperties());
    properties.putAll(appProperties);
    ClientScenarioChecks.run(env, service, app, classPath, knobs, front.baseUrl(), properties);
    List<String> requests = front.requests();
    int expected = 2 * ClientScenarios.SCENARIOS.length;
    assertEquals(expected, requests.size(), "every request (with and without the agent) went through the front\n"
        + String.join("\n", requests));
    assertEquals(expected, requests.stream().filter(r -> r.startsWith(protocol + " ")).count(),
        "every request used " + protocol + "\n" + String.join("\n", requests));
  }
}
