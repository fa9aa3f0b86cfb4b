package dev.voicetrace.smoke.apps;

import java.io.InputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A bot that leaks a TTS stream: in each call it reads the first {@link #READ_BYTES} bytes of the audio, then neither
 * reads on nor closes the body, and goes on with the call ({@code idleMs}) before hanging up. One call per client
 * named, each through {@link ProviderFaultsApp}'s client (the response as a blocking stream of what the client
 * hands over). The leaked bodies are closed only once every call is over. After each call it prints
 * {@code RESULT client=… status=… bytes=… lastReadMicros=…} (epoch µs of its last read).
 *
 * <p>Usage: {@code AbandonedStreamApp <fake provider base url> <idleMs> <client>...}; prints {@code APP_DONE}.
 */
public class AbandonedStreamApp {
  public static final int READ_BYTES = 1000;

  private final String baseUrl;
  private final long idleMs;
  private final List<AutoCloseable> leaked = new ArrayList<>();

  AbandonedStreamApp(String baseUrl, long idleMs) {
    this.baseUrl = baseUrl;
    this.idleMs = idleMs;
  }

  public static void main(String[] args) throws Exception {
    AbandonedStreamApp app = new AbandonedStreamApp(args[0], Long.parseLong(args[1]));
    List<ProviderFaultsApp.Transport> transports = new ArrayList<>();
    for (int i = 2; i < args.length; i++) {
      ProviderFaultsApp.Transport transport = ProviderFaultsApp.transport(args[i]);
      transports.add(transport);
      app.call(args[i], transport);
    }
    for (AutoCloseable body : app.leaked) {
      body.close();
    }
    for (ProviderFaultsApp.Transport transport : transports) {
      transport.close();
    }
    System.out.println("APP_DONE");
  }

  /** The session method: one call whose TTS stream is read in part and then left alone. */
  public void call(String client, ProviderFaultsApp.Transport transport) throws Exception {
    ProviderFaultsApp.Reply reply = transport.post(baseUrl + ClientScenarios.ttsPath("voice-abandoned-" + client), "",
        ClientScenarios.ttsJson());
    leaked.add(reply.resource());
    InputStream body = reply.body();
    byte[] buffer = new byte[READ_BYTES];
    int read = 0;
    int n;
    while (read < READ_BYTES && (n = body.read(buffer, read, READ_BYTES - read)) != -1) {
      read += n;
    }
    long lastReadMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    System.out.println("RESULT client=" + client + " status=" + reply.status() + " bytes=" + read
        + " lastReadMicros=" + lastReadMicros);
    // the rest of the call: the bot talks on and never comes back to the stream
    Thread.sleep(idleMs);
  }
}
