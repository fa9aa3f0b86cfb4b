package dev.voicetrace.smoke.apps;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.WebSocketListener;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.StatusCode;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketError;
import org.eclipse.jetty.websocket.api.annotations.OnWebSocketMessage;
import org.java_websocket.client.WebSocketClient;
import org.java_websocket.handshake.ServerHandshake;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.client.standard.StandardWebSocketClient;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Bots that stream the caller's audio to a speech-to-text WebSocket and answer from the listener
 * callback, the way Deepgram-live bots are written: each call ({@code handle*} methods are configured as
 * session methods) connects with the JDK {@code HttpClient}, OkHttp, a Jakarta WebSocket client (Tyrus),
 * Java-WebSocket (TooTallNate's {@code WebSocketClient}, whose callbacks run on the read thread its {@code
 * connect} starts), Reactor Netty's {@code websocket()}, Jetty's own client or Spring's {@code
 * StandardWebSocketClient} on Tomcat, sends one utterance, and on the final transcript
 * speaks (a TTS request carrying the call sid) from inside the callback. Two calls per client run at the same
 * time.
 *
 * <p>Usage: {@code WebSocketClientApp <fake provider base url> <streaming stt ws url>}; prints {@code
 * WS_CLIENTS_DONE}.
 */
public class WebSocketClientApp {
  private final Speech speaker;
  private final String sttUrl;
  private final HttpClient jdk = HttpClient.newHttpClient();
  private final OkHttpClient okhttp = new OkHttpClient();
  private final WebSocketContainer tyrus = ContainerProvider.getWebSocketContainer();
  /** Spring's client on Tomcat's WebSocket container, as in a Spring Boot bot on Tomcat. */
  private final StandardWebSocketClient spring =
      new StandardWebSocketClient(new org.apache.tomcat.websocket.WsWebSocketContainer());
  private final org.eclipse.jetty.websocket.client.WebSocketClient jetty =
      new org.eclipse.jetty.websocket.client.WebSocketClient();
  private final reactor.netty.http.client.HttpClient reactorNetty = reactor.netty.http.client.HttpClient.create();

  WebSocketClientApp(String baseUrl, String sttUrl) throws Exception {
    this.speaker = new Speech(baseUrl);
    this.sttUrl = sttUrl;
    jetty.start();
  }

  public static void main(String[] args) throws Exception {
    WebSocketClientApp app = new WebSocketClientApp(args[0], args[1]);
    List<Thread> calls = new ArrayList<>();
    for (String sid : List.of("CA-ws-jdk-1", "CA-ws-jdk-2")) {
      calls.add(new Thread(() -> app.handleJdkCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-okhttp-1", "CA-ws-okhttp-2")) {
      calls.add(new Thread(() -> app.handleOkHttpCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-tyrus-1", "CA-ws-tyrus-2")) {
      calls.add(new Thread(() -> app.handleTyrusCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-javaws-1", "CA-ws-javaws-2")) {
      calls.add(new Thread(() -> app.handleJavaWebSocketCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-reactor-1", "CA-ws-reactor-2")) {
      calls.add(new Thread(() -> app.handleReactorNettyCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-jetty-1", "CA-ws-jetty-2")) {
      calls.add(new Thread(() -> app.handleJettyCall(sid), sid));
    }
    for (String sid : List.of("CA-ws-spring-1", "CA-ws-spring-2")) {
      calls.add(new Thread(() -> app.handleSpringCall(sid), sid));
    }
    List<Throwable> failures = new CopyOnWriteArrayList<>();
    for (Thread t : calls) {
      t.setUncaughtExceptionHandler((thread, e) -> {
        failures.add(e);
        e.printStackTrace();
      });
      t.start();
    }
    for (Thread t : calls) {
      t.join();
    }
    if (!failures.isEmpty()) {
      System.out.println("WS_CLIENTS_FAILED " + failures.size());
      System.exit(1); // the test sees the exit code and the stack traces above
    }
    app.okhttp.dispatcher().executorService().shutdown();
    app.okhttp.connectionPool().evictAll();
    app.jetty.stop();
    ReactorNettyApp.shutDown();
    System.out.println("WS_CLIENTS_DONE");
    System.exit(0);
  }

  /** The final transcript came: the bot speaks from the callback thread, and the call may hang up. */
  private void answer(String callSid, CompletableFuture<Void> answered) {
    try {
      speaker.speak(callSid);
      answered.complete(null);
    } catch (RuntimeException e) {
      answered.completeExceptionally(e);
    }
  }

  public void handleJdkCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    WebSocket.Listener listener = new WebSocket.Listener() {
      @Override
      public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        answer(callSid, answered);
        webSocket.request(1);
        return null;
      }
    };
    try {
      WebSocket ws = jdk.newWebSocketBuilder().buildAsync(URI.create(sttUrl), listener).get(20, TimeUnit.SECONDS);
      ws.sendText("hello from " + callSid, true).get(20, TimeUnit.SECONDS);
      answered.get(20, TimeUnit.SECONDS);
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  /** A Jakarta WebSocket client (Tyrus): its Endpoint and message handler are a client's, not a call's. */
  public void handleTyrusCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    Endpoint endpoint = new Endpoint() {
      @Override
      public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
          answer(callSid, answered);
        });
      }
    };
    try {
      Session ws = tyrus.connectToServer(endpoint, ClientEndpointConfig.Builder.create().build(), URI.create(sttUrl));
      ws.getBasicRemote().sendText("hello from " + callSid);
      answered.get(20, TimeUnit.SECONDS);
      ws.close();
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  /**
   * Java-WebSocket: {@code connectBlocking} starts the client's read thread (a plain {@code Thread}), which
   * starts its write thread and runs every callback; over {@code wss://} the client makes its own TLS context
   * with the JVM's default trust, as a bot that sets nothing does.
   */
  public void handleJavaWebSocketCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    WebSocketClient ws = new WebSocketClient(URI.create(sttUrl)) {
      @Override
      public void onOpen(ServerHandshake handshake) {}

      @Override
      public void onMessage(String message) {
        answer(callSid, answered);
      }

      @Override
      public void onClose(int code, String reason, boolean remote) {
        answered.completeExceptionally(new IllegalStateException("closed before the transcript: " + code));
      }

      @Override
      public void onError(Exception e) {
        answered.completeExceptionally(e);
      }
    };
    try {
      if (!ws.connectBlocking(20, TimeUnit.SECONDS)) {
        throw new IllegalStateException("Java-WebSocket did not connect");
      }
      ws.send("hello from " + callSid);
      answered.get(20, TimeUnit.SECONDS);
      ws.closeBlocking();
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  /**
   * Reactor Netty's WebSocket client (what Spring WebFlux's {@code ReactorNettyWebSocketClient} runs on): the
   * transcript arrives on the event loop, and the bot moves to {@code boundedElastic} to speak (a blocking TTS
   * request must not run on the event loop), as a WebFlux bot does.
   */
  public void handleReactorNettyCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    try {
      reactorNetty.websocket().uri(sttUrl)
          .handle((in, out) -> out.sendString(Mono.just("hello from " + callSid))
              .then(in.receive().asString().next()
                  .publishOn(Schedulers.boundedElastic())
                  .doOnNext(transcript -> answer(callSid, answered))
                  .then()))
          .then()
          .block(Duration.ofSeconds(20));
      answered.get(20, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  /**
   * Jetty 12's own WebSocket client, with a {@code Session.Listener} or an {@code @WebSocket} endpoint, whose
   * callbacks Jetty runs on its client's thread pool (threads no call made).
   */
  public void handleJettyCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    try {
      // the first call's endpoint is a Session.Listener, the second's an @WebSocket class
      JettyListener listener = new JettyListener(this, callSid, answered);
      Object endpoint = callSid.endsWith("-1") ? listener : new JettyAnnotatedEndpoint(listener);
      org.eclipse.jetty.websocket.api.Session ws = jetty.connect(endpoint, URI.create(sttUrl))
          .get(20, TimeUnit.SECONDS);
      ws.sendText("hello from " + callSid, Callback.NOOP);
      answered.get(20, TimeUnit.SECONDS);
      ws.close(StatusCode.NORMAL, "bye", Callback.NOOP);
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  /** Jetty calls a listener's methods through method handles: the class must be public. */
  public static final class JettyListener implements org.eclipse.jetty.websocket.api.Session.Listener.AutoDemanding {
    private final WebSocketClientApp app;
    private final String callSid;
    private final CompletableFuture<Void> answered;

    JettyListener(WebSocketClientApp app, String callSid, CompletableFuture<Void> answered) {
      this.app = app;
      this.callSid = callSid;
      this.answered = answered;
    }

    @Override
    public void onWebSocketText(String message) {
      app.answer(callSid, answered);
    }

    @Override
    public void onWebSocketError(Throwable cause) {
      answered.completeExceptionally(cause);
    }
  }

  /** The same listener behind an annotated endpoint. */
  @org.eclipse.jetty.websocket.api.annotations.WebSocket(autoDemand = true)
  public static final class JettyAnnotatedEndpoint {
    private final JettyListener listener;

    JettyAnnotatedEndpoint(JettyListener listener) {
      this.listener = listener;
    }

    @OnWebSocketMessage
    public void onTranscript(String message) {
      listener.onWebSocketText(message);
    }

    @OnWebSocketError
    public void onError(Throwable cause) {
      listener.onWebSocketError(cause);
    }
  }

  /**
   * Spring's {@code StandardWebSocketClient}: {@code execute} connects on a thread of its own task executor, and
   * Tomcat's client runs the handler on its I/O threads.
   */
  public void handleSpringCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    TextWebSocketHandler handler = new TextWebSocketHandler() {
      @Override
      protected void handleTextMessage(WebSocketSession session, TextMessage message) {
        answer(callSid, answered);
      }

      @Override
      public void handleTransportError(WebSocketSession session, Throwable error) {
        answered.completeExceptionally(error);
      }
    };
    try {
      WebSocketSession ws = spring.execute(handler, sttUrl).get(20, TimeUnit.SECONDS);
      ws.sendMessage(new TextMessage("hello from " + callSid));
      answered.get(20, TimeUnit.SECONDS);
      ws.close();
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }

  public void handleOkHttpCall(String callSid) {
    CompletableFuture<Void> answered = new CompletableFuture<>();
    WebSocketListener listener = new WebSocketListener() {
      @Override
      public void onMessage(okhttp3.WebSocket webSocket, String text) {
        answer(callSid, answered);
      }

      @Override
      public void onFailure(okhttp3.WebSocket webSocket, Throwable t, Response response) {
        answered.completeExceptionally(t);
      }
    };
    okhttp3.WebSocket ws = okhttp.newWebSocket(new Request.Builder().url(sttUrl).build(), listener);
    try {
      ws.send("hello from " + callSid);
      answered.get(20, TimeUnit.SECONDS);
      ws.close(1000, "bye");
    } catch (Exception e) {
      throw new IllegalStateException(callSid, e);
    }
  }
}
