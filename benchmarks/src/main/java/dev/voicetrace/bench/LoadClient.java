package dev.voicetrace.bench;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.ChatModel;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.LongUnaryOperator;

/**
 * The load client run under each agent configuration (a JVM of its own): ElevenLabs streaming TTS requests
 * with the JDK {@code HttpClient} and OpenAI streaming chat requests with openai-java (OkHttp), against the
 * fake providers, measuring client-side send → first body byte (TTS) and send → first streamed chunk (chat).
 * Every request runs inside a voice session: {@link #session} is named in
 * {@code -Dotel.instrumentation.voicetrace.session.methods=dev.voicetrace.bench.LoadClient[session]}, as a
 * production bot would name its call handler.
 *
 * <pre>
 * LoadClient --base http://127.0.0.1:P --warmup N --requests N --per-session K --out samples.txt
 * LoadClient --base http://127.0.0.1:P --soak N     (10,000 one-turn sessions, paused for the harness's jcmd)
 * </pre>
 */
public final class LoadClient {
  private static final String TTS_BODY = "{\"text\":\"Sure.\",\"model_id\":\"eleven_flash_v2_5\"}";

  private final HttpClient http;
  private final OpenAIClient openAi;
  private final URI ttsUri;
  private final ChatCompletionCreateParams chat;

  LoadClient(String base) {
    http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    openAi = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey("sk-bench").maxRetries(0)
        .timeout(Duration.ofSeconds(30)).build();
    ttsUri = URI.create(base + "/v1/text-to-speech/21m00Tcm4TlvDq8ikWAM/stream?output_format=ulaw_8000");
    chat = ChatCompletionCreateParams.builder()
        .model(ChatModel.GPT_4O_MINI)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .addSystemMessage("You are a helpful phone assistant. Keep answers short.")
        .addUserMessage("Hi, what's the weather like?")
        .build();
  }

  /** One voice session: {@code turns} × (streaming chat, then streaming TTS), the shape of a bot's turn. */
  public void session(int turns, long[] chatNanos, long[] ttsNanos, int offset) throws IOException, InterruptedException {
    for (int i = 0; i < turns; i++) {
      long c = firstChatChunk();
      long t = firstAudioByte();
      if (chatNanos != null && offset + i < chatNanos.length) {
        chatNanos[offset + i] = c;
        ttsNanos[offset + i] = t;
      }
    }
  }

  /** send → first body byte of an ElevenLabs streaming TTS response; then reads the audio to the end. */
  long firstAudioByte() throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(ttsUri)
        .timeout(Duration.ofSeconds(30))
        .header("xi-api-key", "bench")
        .header("content-type", "application/json")
        .header("accept", "audio/basic")
        .POST(HttpRequest.BodyPublishers.ofString(TTS_BODY))
        .build();
    long start = System.nanoTime();
    HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream audio = response.body()) {
      int first = audio.read();
      long elapsed = System.nanoTime() - start;
      if (response.statusCode() != 200 || first < 0) {
        throw new IOException("TTS answered " + response.statusCode());
      }
      audio.transferTo(OutputSink.INSTANCE);
      return elapsed;
    }
  }

  /** send → first streamed chunk of an OpenAI streaming chat completion; then consumes the stream. */
  long firstChatChunk() {
    long start = System.nanoTime();
    try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat)) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      if (!chunks.hasNext()) {
        throw new IllegalStateException("empty chat stream");
      }
      chunks.next();
      long elapsed = System.nanoTime() - start;
      while (chunks.hasNext()) {
        chunks.next();
      }
      return elapsed;
    }
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    LoadClient client = new LoadClient(opts.get("base"));
    try {
      if (opts.containsKey("soak")) {
        soak(client, Integer.parseInt(opts.get("soak")));
      } else {
        measure(client, opts);
      }
    } finally {
      client.openAi.close();
    }
    System.exit(0);
  }

  private static void measure(LoadClient client, Map<String, String> opts) throws Exception {
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", "1000"));
    int requests = Integer.parseInt(opts.getOrDefault("requests", "200"));
    int perSession = Integer.parseInt(opts.getOrDefault("per-session", "5"));
    for (int done = 0; done < warmup; done += perSession) {
      client.session(perSession, null, null, 0);
    }
    long[] chat = new long[requests];
    long[] tts = new long[requests];
    Map<Thread, Long> cpuBefore = opts.containsKey("thread-cpu") ? threadCpu() : null;
    Map<Thread, Long> allocBefore = opts.containsKey("thread-alloc") ? threadAlloc() : null;
    for (int done = 0; done < requests; done += perSession) {
      client.session(Math.min(perSession, requests - done), chat, tts, done);
    }
    if (allocBefore != null) {
      printThreadAlloc(allocBefore, threadAlloc(), requests);
    }
    if (cpuBefore != null) {
      printThreadCpu(cpuBefore, threadCpu());
    }
    try (PrintWriter out = new PrintWriter(Files.newBufferedWriter(Path.of(opts.get("out"))))) {
      for (long v : chat) {
        out.println("chat " + v);
      }
      for (long v : tts) {
        out.println("tts " + v);
      }
    }
    System.out.println("LOAD_DONE requests=" + requests);
  }

  /** CPU time of every live thread, in ns (-1 where the JVM cannot tell). */
  private static Map<Thread, Long> threadCpu() {
    return perThread(ManagementFactory.getThreadMXBean()::getThreadCpuTime);
  }

  /** Bytes allocated so far by every live thread (-1 where the JVM cannot tell). */
  private static Map<Thread, Long> threadAlloc() {
    return perThread(((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())::getThreadAllocatedBytes);
  }

  /** {@code byThreadId} of every live thread. */
  private static Map<Thread, Long> perThread(LongUnaryOperator byThreadId) {
    Map<Thread, Long> values = new HashMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      values.put(t, byThreadId.applyAsLong(t.getId()));
    }
    return values;
  }

  /**
   * What each thread alive at the end added between {@code before} and {@code after} (a thread started
   * meanwhile counts from zero; one whose value the JVM could not tell is left out).
   */
  private static Map<Thread, Long> since(Map<Thread, Long> before, Map<Thread, Long> after) {
    Map<Thread, Long> added = new HashMap<>();
    for (Map.Entry<Thread, Long> e : after.entrySet()) {
      if (e.getValue() >= 0) {
        added.put(e.getKey(), e.getValue() - Math.max(0, before.getOrDefault(e.getKey(), 0L)));
      }
    }
    return added;
  }

  /**
   * {@code --thread-alloc}: heap bytes allocated per measured chat + TTS pair, by all threads and by the
   * request thread (threads started meanwhile count from zero; threads that ended meanwhile are not
   * counted). Unlike latency this hardly depends on how busy the machine is: a count to compare the
   * agent's per-request work on a noisy day.
   */
  private static void printThreadAlloc(Map<Thread, Long> before, Map<Thread, Long> after, int pairs) {
    long all = 0;
    long mine = 0;
    for (Map.Entry<Thread, Long> e : since(before, after).entrySet()) {
      if (e.getValue() <= 0) {
        continue;
      }
      all += e.getValue();
      if (e.getKey() == Thread.currentThread()) {
        mine += e.getValue();
      }
    }
    System.out.printf("THREAD_ALLOC %d bytes per pair, %d of them on the request thread%n", all / pairs, mine / pairs);
  }

  /**
   * {@code --thread-cpu}: which threads used CPU during the measured requests (threads started meanwhile
   * count from zero), one line per thread above 1 ms, most first: to tell a run whose requests wait on a busy
   * background thread from one whose requests do more work.
   */
  private static void printThreadCpu(Map<Thread, Long> before, Map<Thread, Long> after) {
    since(before, after).entrySet().stream()
        .filter(e -> e.getValue() > 1_000_000)
        .map(e -> Map.entry(e.getKey().getName(), e.getValue()))
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .forEach(e -> System.out.printf("THREAD_CPU %.1f ms %s%n", e.getValue() / 1e6, e.getKey()));
  }

  /** Soak: warm-up sessions, pause (harness takes the baseline), N sessions, pause (harness checks), exit. */
  private static void soak(LoadClient client, int sessions) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (int i = 0; i < 200; i++) {
      client.session(1, null, null, 0);
    }
    System.out.println("SOAK_BASELINE");
    System.out.flush();
    in.readLine();
    long start = System.nanoTime();
    for (int i = 0; i < sessions; i++) {
      client.session(1, null, null, 0);
    }
    System.out.println("SOAK_DONE sessions=" + sessions + " seconds=" + (System.nanoTime() - start) / 1_000_000_000.0);
    System.out.flush();
    in.readLine();
  }

  private static final class OutputSink extends java.io.OutputStream {
    static final OutputSink INSTANCE = new OutputSink();

    @Override
    public void write(int b) {}

    @Override
    public void write(byte[] b, int off, int len) {}
  }
}
