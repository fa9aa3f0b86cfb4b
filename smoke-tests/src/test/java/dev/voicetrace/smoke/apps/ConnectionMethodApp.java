package dev.voicetrace.smoke.apps;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A server without Jakarta or Spring WebSocket (as a Netty, Javalin or WebFlux handler looks to the
 * agent): {@code onConnect(conn)} / {@code onDisconnect(conn)} delimit each call, configured with
 * {@code otel.instrumentation.voicetrace.session.connection-methods}. Two connections overlap; each
 * speaks once from the app's own executor.
 *
 * <p>Usage: {@code ConnectionMethodApp <fake provider base url>}; prints {@code CONNECTIONS_DONE}.
 */
public class ConnectionMethodApp {
  /** The framework's connection object (its identity keys the session). */
  public static final class Connection {
    final String callSid;

    Connection(String callSid) {
      this.callSid = callSid;
    }
  }

  private final Speech speaker;
  private final ExecutorService workers = Executors.newFixedThreadPool(2);

  ConnectionMethodApp(String baseUrl) {
    speaker = new Speech(baseUrl);
  }

  public static void main(String[] args) throws Exception {
    ConnectionMethodApp app = new ConnectionMethodApp(args[0]);
    Connection a = new Connection("CA-conn-a");
    Connection b = new Connection("CA-conn-b");
    app.onConnect(a);
    app.onConnect(b);
    app.speakOn(a);
    app.speakOn(b);
    app.onDisconnect(b);
    app.onDisconnect(a);
    app.workers.shutdown();
    app.workers.awaitTermination(10, TimeUnit.SECONDS);
    System.out.println("CONNECTIONS_DONE");
  }

  public void onConnect(Connection connection) throws Exception {
    // work handed to the app's pool while the connection opens carries its call
    workers.submit(() -> speaker.speak(connection.callSid + "-greeting")).get(20, TimeUnit.SECONDS);
  }

  public void speakOn(Connection connection) {
    speaker.speak(connection.callSid + "-outside"); // no callback of the connection: belongs to no call
  }

  public void onDisconnect(Connection connection) {
    speaker.speak(connection.callSid + "-goodbye");
  }
}
