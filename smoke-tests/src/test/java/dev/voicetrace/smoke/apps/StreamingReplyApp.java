package dev.voicetrace.smoke.apps;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.MultipartField;
import com.openai.core.http.AsyncStreamResponse;
import com.openai.core.http.StreamResponse;
import com.openai.models.audio.speech.SpeechCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateParams;
import com.openai.models.audio.transcriptions.TranscriptionCreateResponse;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A bot that speaks its LLM reply sentence by sentence while the reply still streams in (the usual
 * low-latency pattern: each finished sentence goes to TTS from inside the stream's callback), and a
 * bot whose caller barges in mid-reply, so that it closes the stream after the first words. Each
 * scenario is one configured session method, on three ways of reading the stream: openai-java's
 * {@code createStreaming} iterated, openai-java's async {@code createStreaming} with an {@link
 * AsyncStreamResponse.Handler}, and a hand-written SSE reader on the JDK {@code HttpClient} ({@code
 * sendAsync} + {@code ofLines()}, read in the future's callback; {@code send} + {@code ofLines()} for
 * the barge-in). The first scenario also transcribes the caller with openai-java's {@code
 * audio().transcriptions()} and speaks with {@code audio().speech()}; the others speak through
 * ElevenLabs on the JDK {@code HttpClient}.
 *
 * <p>Prints {@code RESULT scenario=<name> <what the app saw>} per scenario (compared with a run
 * without the agent) and, for barge-ins, {@code BARGE_IN scenario=<name> closeAt=<epoch nanos>
 * closed=<epoch nanos>}, taken just before the close call and just after it returned. Usage: {@code StreamingReplyApp <fake provider base url>}.
 */
public class StreamingReplyApp {
  public static final String CHAT_MODEL = "gpt-4o-mini";
  public static final String STT_MODEL = "gpt-4o-mini-transcribe";
  public static final String OPENAI_TTS_MODEL = "gpt-4o-mini-tts";
  public static final String OPENAI_VOICE = "alloy";
  public static final String ELEVENLABS_MODEL = "eleven_flash_v2_5";
  public static final String ELEVENLABS_VOICE = "voice-sentences";
  /** What the caller said, for the scenarios that do not transcribe (the fake model's first scripted line). */
  public static final String CALLER_LINE = "Hi, I'm calling about my order. It hasn't arrived yet.";
  /** Scenarios that speak their reply (one chat span and one TTS span per sentence, siblings). */
  public static final List<String> SPEAKING = List.of("openAiStreamSpeaks", "openAiAsyncStreamSpeaks", "jdkSseSpeaks");
  /** Scenarios that close the stream after its first words. */
  public static final List<String> BARGE_INS = List.of("openAiStreamBargeIn", "openAiAsyncStreamBargeIn", "jdkSseBargeIn");

  private final String baseUrl;
  private final OpenAIClient openAi;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  StreamingReplyApp(String baseUrl) {
    this.baseUrl = baseUrl;
    this.openAi = OpenAIOkHttpClient.builder().baseUrl(baseUrl + "/v1").apiKey("sk-fake-streaming").maxRetries(0).build();
  }

  public static void main(String[] args) {
    StreamingReplyApp app = new StreamingReplyApp(args[0]);
    app.openAiStreamSpeaks("CA-speaks-openai");
    app.openAiAsyncStreamSpeaks("CA-speaks-async");
    app.jdkSseSpeaks("CA-speaks-jdk");
    app.openAiStreamBargeIn("CA-barge-openai");
    app.openAiAsyncStreamBargeIn("CA-barge-async");
    app.jdkSseBargeIn("CA-barge-jdk");
    app.openAi.close();
    System.out.println("APP_DONE");
  }

  // ---- speaking while the reply streams -----------------------------------------------------

  public void openAiStreamSpeaks(String callSid) {
    String heard = transcribe(callSid);
    List<String> spoken = new CopyOnWriteArrayList<>();
    Sentences sentences = new Sentences(s -> spoken.add(s.length() + ":" + speakOpenAi(callSid, s)));
    try (StreamResponse<ChatCompletionChunk> stream = openAi.chat().completions().createStreaming(chat(callSid, heard))) {
      stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(sentences::add)));
    }
    sentences.flush();
    result("openAiStreamSpeaks", "heard=" + heard + " said=" + sentences.all + " audio=" + spoken);
  }

  public void openAiAsyncStreamSpeaks(String callSid) {
    List<String> spoken = new CopyOnWriteArrayList<>();
    Sentences sentences = new Sentences(s -> spoken.add(s.length() + ":" + speakElevenLabs(callSid, s)));
    AsyncStreamResponse<ChatCompletionChunk> stream =
        openAi.async().chat().completions().createStreaming(chat(callSid, CALLER_LINE));
    stream.subscribe(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(sentences::add)));
    stream.onCompleteFuture().join();
    sentences.flush();
    result("openAiAsyncStreamSpeaks", "said=" + sentences.all + " audio=" + spoken);
  }

  public void jdkSseSpeaks(String callSid) {
    List<String> spoken = new CopyOnWriteArrayList<>();
    Sentences sentences = new Sentences(s -> spoken.add(s.length() + ":" + speakElevenLabs(callSid, s)));
    http.sendAsync(chatRequest(callSid), HttpResponse.BodyHandlers.ofLines())
        .thenAccept(response -> {
          try (Stream<String> lines = response.body()) {
            lines.forEach(line -> sentences.add(content(line)));
          }
        })
        .join();
    sentences.flush();
    result("jdkSseSpeaks", "said=" + sentences.all + " audio=" + spoken);
  }

  // ---- barge-in: the stream closed after its first words ------------------------------------

  public void openAiStreamBargeIn(String callSid) {
    String first = null;
    long closeAt;
    try (StreamResponse<ChatCompletionChunk> stream =
        openAi.chat().completions().createStreaming(chat(callSid, CALLER_LINE))) {
      Iterator<ChatCompletionChunk> chunks = stream.stream().iterator();
      while (first == null && chunks.hasNext()) {
        first = chunks.next().choices().stream().flatMap(c -> c.delta().content().stream())
            .filter(s -> !s.isEmpty()).findFirst().orElse(null);
      }
      closeAt = epochNanos();
    } // try-with-resources: StreamResponse.close()
    bargeIn("openAiStreamBargeIn", closeAt, epochNanos());
    result("openAiStreamBargeIn", "first=" + first);
  }

  public void openAiAsyncStreamBargeIn(String callSid) {
    CompletableFuture<String> first = new CompletableFuture<>();
    AsyncStreamResponse<ChatCompletionChunk> stream =
        openAi.async().chat().completions().createStreaming(chat(callSid, CALLER_LINE));
    stream.subscribe(new AsyncStreamResponse.Handler<ChatCompletionChunk>() {
      @Override
      public void onNext(ChatCompletionChunk chunk) {
        chunk.choices().forEach(c -> c.delta().content().filter(s -> !s.isEmpty()).ifPresent(first::complete));
      }

      @Override
      public void onComplete(Optional<Throwable> error) {
        first.complete(null); // never waits forever
      }
    });
    String words = first.join(); // the caller starts talking once the bot's first words are out
    long closeAt = epochNanos();
    stream.close();
    bargeIn("openAiAsyncStreamBargeIn", closeAt, epochNanos());
    try {
      stream.onCompleteFuture().join();
    } catch (java.util.concurrent.CompletionException e) {
      // openai-java's own race (README, known issue): close() can close the reader while its thread is inside an
      // event, and the future then fails with "Stream closed". After our own close that means closed, as a bot
      // should read it; seen on JDK 17 with no agent too (CI, 2026-12-07). Any other failure is the app's.
      if (!closedUnderTheReader(e)) {
        throw e;
      }
      System.out.println("CLOSE_RACE scenario=openAiAsyncStreamBargeIn: Stream failed after the app's close");
    }
    result("openAiAsyncStreamBargeIn", "first=" + words);
  }

  /** {@code failure} is the reader finding the stream closed (an {@code IOException: Stream closed} in its causes). */
  private static boolean closedUnderTheReader(Throwable failure) {
    for (Throwable t = failure; t != null; t = t.getCause()) {
      if (t instanceof java.io.IOException && "Stream closed".equals(t.getMessage())) {
        return true;
      }
    }
    return false;
  }

  public void jdkSseBargeIn(String callSid) {
    String first = null;
    try {
      HttpResponse<Stream<String>> response = http.send(chatRequest(callSid), HttpResponse.BodyHandlers.ofLines());
      Iterator<String> lines = response.body().iterator();
      while (first == null && lines.hasNext()) {
        String piece = content(lines.next());
        first = piece.isEmpty() ? null : piece;
      }
      long closeAt = epochNanos();
      response.body().close();
      bargeIn("jdkSseBargeIn", closeAt, epochNanos());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
    result("jdkSseBargeIn", "first=" + first);
  }

  // ---- providers ----------------------------------------------------------------------------

  private String transcribe(String callSid) {
    MultipartField<InputStream> wav = MultipartField.<InputStream>builder()
        .value(new ByteArrayInputStream(silence()))
        .filename("caller.wav")
        .contentType("audio/wav")
        .build();
    TranscriptionCreateResponse response = openAi.audio().transcriptions().create(TranscriptionCreateParams.builder()
        .file(wav).model(STT_MODEL).language("en").putAdditionalHeader("x-call-sid", callSid).build());
    return response.isTranscription() ? response.asTranscription().text() : response.asVerbose().text();
  }

  /** Half a second of 16-bit PCM silence at 8 kHz as a WAV file: what the caller "said". */
  private static byte[] silence() {
    int data = 8000;
    ByteBuffer wav = ByteBuffer.allocate(44 + data).order(ByteOrder.LITTLE_ENDIAN);
    wav.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + data).put("WAVE".getBytes(StandardCharsets.US_ASCII));
    wav.put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
        .putInt(8000).putInt(16000).putShort((short) 2).putShort((short) 16);
    wav.put("data".getBytes(StandardCharsets.US_ASCII)).putInt(data);
    return wav.array();
  }

  /** openai-java {@code audio().speech().create}; returns the audio bytes read. */
  private int speakOpenAi(String callSid, String sentence) {
    SpeechCreateParams params = SpeechCreateParams.builder()
        .model(OPENAI_TTS_MODEL).voice(OPENAI_VOICE).input(sentence)
        .responseFormat(SpeechCreateParams.ResponseFormat.MP3)
        .putAdditionalHeader("x-call-sid", callSid)
        .build();
    try (com.openai.core.http.HttpResponse speech = openAi.audio().speech().create(params)) {
      return ClientScenarios.readInPieces(speech.body(), 512).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** ElevenLabs streaming TTS on the JDK {@code HttpClient}; returns the audio bytes read. */
  private int speakElevenLabs(String callSid, String sentence) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(
            baseUrl + "/v1/text-to-speech/" + ELEVENLABS_VOICE + "/stream?output_format=ulaw_8000"))
        .header("Content-Type", "application/json")
        .header("x-call-sid", callSid)
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"text\":\"" + sentence.replace("\"", "\\\"") + "\",\"model_id\":\"" + ELEVENLABS_MODEL + "\"}"))
        .build();
    try (InputStream audio = http.send(request, HttpResponse.BodyHandlers.ofInputStream()).body()) {
      return ClientScenarios.readInPieces(audio, 512).length;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ChatCompletionCreateParams chat(String callSid, String callerLine) {
    return ChatCompletionCreateParams.builder()
        .model(CHAT_MODEL)
        .addSystemMessage("You are a helpful phone agent.")
        .addUserMessage(callerLine)
        .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
        .putAdditionalHeader("x-call-sid", callSid)
        .build();
  }

  private HttpRequest chatRequest(String callSid) {
    String body = "{\"model\":\"" + CHAT_MODEL + "\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
        + "\"messages\":[{\"role\":\"system\",\"content\":\"You are a helpful phone agent.\"},"
        + "{\"role\":\"user\",\"content\":\"" + CALLER_LINE + "\"}]}";
    return HttpRequest.newBuilder(URI.create(baseUrl + "/v1/chat/completions"))
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer sk-fake-streaming")
        .header("x-call-sid", callSid)
        .POST(HttpRequest.BodyPublishers.ofString(body))
        .build();
  }

  /** The text delta of one SSE line ("" for other lines). */
  private static String content(String line) {
    return ClientScenarios.chatContent((line + "\n").getBytes(StandardCharsets.UTF_8));
  }

  private static long epochNanos() {
    Instant now = Instant.now();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  /** When the app called close on the stream, and when that call returned. */
  private static void bargeIn(String scenario, long closeAt, long closed) {
    System.out.println("BARGE_IN scenario=" + scenario + " closeAt=" + closeAt + " closed=" + closed);
  }

  private static void result(String scenario, String seen) {
    System.out.println("RESULT scenario=" + scenario + " " + seen.replace(' ', '_'));
  }

  /** Collects streamed text and hands each finished sentence to the speaker at once. */
  private static final class Sentences {
    private final Consumer<String> speaker;
    private final StringBuilder pending = new StringBuilder();
    final StringBuilder all = new StringBuilder();

    Sentences(Consumer<String> speaker) {
      this.speaker = speaker;
    }

    synchronized void add(String piece) {
      pending.append(piece);
      all.append(piece);
      String text = pending.toString().trim();
      if (text.endsWith(".") || text.endsWith("?") || text.endsWith("!")) {
        pending.setLength(0);
        speaker.accept(text);
      }
    }

    synchronized void flush() {
      String text = pending.toString().trim();
      pending.setLength(0);
      if (!text.isEmpty()) {
        speaker.accept(text);
      }
    }
  }
}
