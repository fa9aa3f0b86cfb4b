package dev.voicetrace.smoke.apps;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;

/**
 * What the HTTP-client test apps ({@link ApacheHttpClient5App}, {@link UrlConnectionApp}) send and
 * print. Each app runs the same five calls, one per session method, each against the fake provider
 * server: ElevenLabs streaming TTS read fully, read partially and closed, read as a stream; OpenAI
 * streaming chat read event by event; and a TTS request the server fails (voice {@link #VOICE_FAIL},
 * which the test configures as the fake server's {@code failPath}). After each it prints one line
 * {@code RESULT scenario=… status=… bytes=… sha256=… atMicros=…} of what the application saw, so that a
 * run with the agent can be compared with a run without it, and when it was done with the response (the
 * wall clock in µs: as the report starts, after the body's end, or as marked by {@link #done}).
 */
public final class ClientScenarios {
  public static final String TTS_TEXT = "Your table for two is booked.";
  public static final String TTS_MODEL = "eleven_flash_v2_5";
  public static final String CHAT_MODEL = "gpt-4o-mini";
  public static final String VOICE_FULL = "voice-full";
  public static final String VOICE_PARTIAL = "voice-partial";
  public static final String VOICE_STREAM = "voice-stream";
  public static final String VOICE_FAIL = "voice-fail";
  /** Bytes the partial reader takes before closing the response. */
  public static final int PARTIAL_BYTES = 1000;
  /** The scenarios, in the order the apps run them (also their session method names). */
  public static final String[] SCENARIOS = {"ttsFull", "ttsPartial", "ttsStream", "chatStream", "ttsFail"};

  private ClientScenarios() {}

  public static String ttsPath(String voice) {
    return "/v1/text-to-speech/" + voice + "/stream?output_format=ulaw_8000";
  }

  public static String ttsJson() {
    return "{\"text\":\"" + TTS_TEXT + "\",\"model_id\":\"" + TTS_MODEL + "\"}";
  }

  public static String chatJson() {
    return "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"You book tables.\"},"
        + "{\"role\":\"user\",\"content\":\"A table for two tonight, please.\"}]}";
  }

  /** Reads {@code in} to its end in small pieces, as a player would; returns everything read. */
  public static byte[] readInPieces(InputStream in, int piece) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buffer = new byte[piece];
    int n;
    while ((n = in.read(buffer)) != -1) {
      out.write(buffer, 0, n);
    }
    return out.toByteArray();
  }

  /** Reads up to {@code limit} bytes (fewer only at the end of the stream). */
  public static byte[] readAtMost(InputStream in, int limit) throws IOException {
    return in.readNBytes(limit);
  }

  /** The text deltas of an OpenAI chat completion stream, joined (ids and timestamps differ per run). */
  public static String chatContent(byte[] sse) {
    StringBuilder text = new StringBuilder();
    for (String line : new String(sse, StandardCharsets.UTF_8).split("\n")) {
      int at = line.indexOf("\"content\":\"");
      if (line.startsWith("data: {") && at >= 0) {
        int end = line.indexOf('"', at + 11);
        text.append(line, at + 11, end);
      }
    }
    return text.toString();
  }

  /** When the app was last {@link #done} with a response, in µs since the epoch; -1: not marked. */
  private static volatile long doneAtMicros = -1;

  /**
   * The app is done with the response now — it is about to close or cancel it, or the client has just
   * told it of the body's end — where that is not where it reports (a push client's completion callback;
   * a close that takes time, such as a client draining the rest of the body). The next report carries this
   * time instead of its own.
   */
  public static void done() {
    doneAtMicros = nowMicros();
  }

  private static long nowMicros() {
    return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
  }

  public static void report(String scenario, int status, byte[] body) {
    report(scenario, status, body, null);
  }

  public static void report(String scenario, int status, byte[] body, String content) {
    report(scenario, status, body, content, -1);
  }

  /**
   * {@link #report}, by a push client's consumer that kept {@code body} out of the {@code handed}
   * bytes the client gave it (-1: it kept all it was given).
   */
  public static void report(String scenario, int status, byte[] body, String content, long handed) {
    long marked = doneAtMicros;
    doneAtMicros = -1;
    long atMicros = marked >= 0 ? marked : nowMicros();
    String digest;
    try {
      digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    System.out.println("RESULT scenario=" + scenario + " status=" + status + " bytes=" + body.length
        + (content == null ? " sha256=" + digest : " content=" + content.replace(' ', '_'))
        + (handed < 0 ? "" : " handed=" + handed) + " atMicros=" + atMicros);
  }
}
