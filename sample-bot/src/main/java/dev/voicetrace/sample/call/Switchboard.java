package dev.voicetrace.sample.call;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import dev.voicetrace.sample.providers.ReplyGenerator;
import dev.voicetrace.sample.providers.SpeechSynthesizer;
import dev.voicetrace.sample.providers.Transcriber;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers incoming calls: owns the provider clients and the worker pool that all calls share,
 * and gives each new media-stream connection its own {@link CallHandler}.
 */
public final class Switchboard implements AutoCloseable {

    /** Size of the shared worker pool that runs every reply pipeline. */
    public static final int WORKER_THREADS = 8;

    private final OpenAIClient openAi;
    private final ExecutorService workers;
    private final ReplyPipeline pipeline;
    private final Hops hops;

    /** A switchboard talking to the providers in {@code config}, on the shared worker pool. */
    public Switchboard(BotConfig config) {
        this(config, Hops.POOL);
    }

    /** A switchboard talking to the providers in {@code config}, moving work between threads as {@code hops} says. */
    public Switchboard(BotConfig config, Hops hops) {
        this.hops = hops;
        this.openAi = OpenAIOkHttpClient.builder()
                .baseUrl(config.openAiBaseUrl())
                .apiKey(config.openAiApiKey())
                .maxRetries(0)
                .timeout(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        primeOpenAiDeserializers();
        this.workers = Executors.newFixedThreadPool(WORKER_THREADS, workerThreads());
        this.pipeline = new ReplyPipeline(
                new Transcriber(openAi),
                new ReplyGenerator(openAi),
                new SpeechSynthesizer(http, config.elevenLabsBaseUrl(), config.elevenLabsApiKey(), config.voiceId()),
                workers);
    }

    /**
     * Reads one chat chunk and one transcription with openai-java's JSON mapper before any call arrives. The first
     * responses of two calls read at the same moment were seen to fail (no agent involved): openai-java 4.15.0 found
     * no variant for a plain transcription ("'verbose' is not present") or could not read a chat response. Building
     * Jackson's deserializers once, on one thread, keeps the calls' replies what the script says.
     */
    private static void primeOpenAiDeserializers() {
        try {
            com.fasterxml.jackson.databind.json.JsonMapper json = com.openai.core.ObjectMappers.jsonMapper();
            json.readValue("{\"id\":\"c\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\","
                    + "\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":null}]}",
                    com.openai.models.chat.completions.ChatCompletionChunk.class);
            json.readValue("{\"text\":\"hi\"}",
                    com.openai.models.audio.transcriptions.TranscriptionCreateResponse.class);
        } catch (Exception | LinkageError e) {
            // only a head start: the calls read their responses the same way in any case
        }
    }

    /** Answers a new call arriving on a media-stream connection that sends through {@code sink}. */
    public CallHandler answer(MediaSink sink) {
        return new CallHandler(sink, pipeline, hops);
    }

    @Override
    public void close() {
        workers.shutdownNow();
        openAi.close();
    }

    private static ThreadFactory workerThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "voice-worker-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
