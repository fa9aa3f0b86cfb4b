package dev.voicetrace.sample;

import com.sun.net.httpserver.HttpServer;
import dev.voicetrace.sample.fake.ProviderKnobs;
import dev.voicetrace.sample.fake.ProviderRouter;
import dev.voicetrace.sample.fake.RecordedRequest;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fake OpenAI and ElevenLabs APIs on 127.0.0.1, speaking their real wire formats, with latency and failure knobs
 * and a record of every request.
 *
 * <p>Usage: {@code FakeProviderServer [--port N] [--ttfb-ms N] [--chunk-ms N] [--chunk-bytes N]}.
 */
public final class FakeProviderServer implements AutoCloseable {

    private final int requestedPort;
    private final ProviderRouter router;
    private HttpServer server;
    private ExecutorService executor;

    /** A server on {@code port} (0 for an ephemeral one) whose knobs start at {@code knobs}. */
    public FakeProviderServer(int port, ProviderKnobs knobs) {
        this.requestedPort = port;
        this.router = new ProviderRouter(knobs);
    }

    /** A server on an ephemeral port with default knobs. */
    public FakeProviderServer() {
        this(0, ProviderKnobs.DEFAULTS);
    }

    /** Starts listening. */
    public synchronized FakeProviderServer start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort), 128);
        executor = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "fake-provider");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.createContext("/", router);
        server.start();
        return this;
    }

    /** The port the server listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    /** OpenAI base URL of this server, e.g. {@code http://127.0.0.1:P/v1}. */
    public String openAiBaseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    /** ElevenLabs base URL of this server, e.g. {@code http://127.0.0.1:P}. */
    public String elevenLabsBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    /** The request router, for in-process control of knobs and recordings. */
    public ProviderRouter router() {
        return router;
    }

    /** Every provider request received so far. */
    public List<RecordedRequest> recordedRequests() {
        return router.recordedRequests();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    public static void main(String[] args) throws Exception {
        ConsoleLogging.oneLinePerRecord();
        CommandLine options = CommandLine.parse(args, Set.of("port", "ttfb-ms", "chunk-ms", "chunk-bytes"));
        ProviderKnobs knobs = new ProviderKnobs(
                options.getInt("ttfb-ms", (int) ProviderKnobs.DEFAULTS.ttfbMs()),
                options.getInt("chunk-ms", (int) ProviderKnobs.DEFAULTS.chunkMs()),
                options.getInt("chunk-bytes", ProviderKnobs.DEFAULTS.chunkBytes()),
                null, ProviderKnobs.DEFAULTS.failStatus());
        FakeProviderServer server = new FakeProviderServer(options.getInt("port", 0), knobs).start();
        System.out.println("FAKE_PROVIDERS_LISTENING port=" + server.port());
        System.out.flush();
        Thread.currentThread().join();
    }
}
