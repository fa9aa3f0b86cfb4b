package dev.voicetrace.smoke.harness;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Locale;
import javax.net.ssl.SSLServerSocket;

/**
 * A streaming speech-to-text server on 127.0.0.1 speaking real WebSocket (RFC 6455: HTTP upgrade,
 * masked client frames, ping/pong, close): for every text frame the client sends it answers with a
 * Deepgram-style {@code Results} message carrying that text as the final transcript. Runs in the test
 * JVM, one thread per connection; the bots under test connect to it with their own clients.
 */
public final class FakeStreamingStt implements AutoCloseable {
  private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
  private final ServerSocket server;

  private FakeStreamingStt(ServerSocket server) {
    this.server = server;
  }

  public static FakeStreamingStt start() {
    try {
      return start(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The same server behind TLS ({@code wss://}), presenting {@code certificate}. */
  public static FakeStreamingStt startTls(TestCertificate certificate) {
    try {
      return start(certificate.serverContext().getServerSocketFactory()
          .createServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static FakeStreamingStt start(ServerSocket socket) {
    FakeStreamingStt stt = new FakeStreamingStt(socket);
    Thread accept = new Thread(stt::acceptLoop, "fake-streaming-stt");
    accept.setDaemon(true);
    accept.start();
    return stt;
  }

  /** The listen URL a bot connects to. */
  public String url() {
    String scheme = server instanceof SSLServerSocket ? "wss" : "ws";
    return scheme + "://127.0.0.1:" + server.getLocalPort() + "/v1/listen?model=nova-2&encoding=mulaw&sample_rate=8000";
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread t = new Thread(() -> serve(socket), "fake-streaming-stt-conn");
        t.setDaemon(true);
        t.start();
      } catch (IOException e) {
        return;
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      DataInputStream in = new DataInputStream(socket.getInputStream());
      OutputStream out = socket.getOutputStream();
      String key = null;
      for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
        if (line.toLowerCase(Locale.ROOT).startsWith("sec-websocket-key:")) {
          key = line.substring(line.indexOf(':') + 1).trim();
        }
      }
      if (key == null) {
        out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return;
      }
      String accept = Base64.getEncoder().encodeToString(
          MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII)));
      out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
          + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      out.flush();
      while (true) {
        int b0 = in.readUnsignedByte();
        int b1 = in.readUnsignedByte();
        int opcode = b0 & 0x0f;
        long length = b1 & 0x7f;
        if (length == 126) {
          length = in.readUnsignedShort();
        } else if (length == 127) {
          length = in.readLong();
        }
        byte[] mask = new byte[4];
        if ((b1 & 0x80) != 0) {
          in.readFully(mask);
        }
        byte[] payload = new byte[(int) length];
        in.readFully(payload);
        for (int i = 0; i < payload.length; i++) {
          payload[i] ^= mask[i % 4];
        }
        if (opcode == 0x1) {
          String text = new String(payload, StandardCharsets.UTF_8).replace("\"", "'");
          send(out, 0x1, ("{\"type\":\"Results\",\"is_final\":true,\"speech_final\":true,"
              + "\"channel\":{\"alternatives\":[{\"transcript\":\"" + text + "\",\"confidence\":0.98}]}}")
              .getBytes(StandardCharsets.UTF_8));
        } else if (opcode == 0x9) {
          send(out, 0xA, payload);
        } else if (opcode == 0x8) {
          send(out, 0x8, payload.length >= 2 ? new byte[] {payload[0], payload[1]} : new byte[0]);
          return;
        }
      }
    } catch (Exception e) {
      // the client went away
    }
  }

  private static void send(OutputStream out, int opcode, byte[] payload) throws IOException {
    ByteArrayOutputStream frame = new ByteArrayOutputStream();
    frame.write(0x80 | opcode);
    if (payload.length < 126) {
      frame.write(payload.length);
    } else {
      frame.write(126);
      frame.write(payload.length >>> 8);
      frame.write(payload.length & 0xff);
    }
    frame.write(payload);
    synchronized (out) {
      out.write(frame.toByteArray());
      out.flush();
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder line = new StringBuilder();
    for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
      if (c != '\r') {
        line.append((char) c);
      }
    }
    return line.toString();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException ignored) {
      // closing
    }
  }
}
