package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fake server's front door: records provider requests, injects failures, dispatches to the faked operations
 * and serves the {@code /__control}, {@code /__requests} and {@code /__reset} test hooks.
 */
public final class ProviderRouter implements HttpHandler {

    private static final System.Logger LOG = System.getLogger(ProviderRouter.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);
    /** The query parameter a {@code redirect} fault adds to its {@code Location}: that request is not redirected again. */
    private static final String REDIRECTED = "redirected=1";

    private final ProviderKnobs startupKnobs;
    private final RequestJournal journal = new RequestJournal();
    private final CallScript script = new CallScript();
    private final List<ProviderRoute> routes =
            List.of(new TranscriptionRoute(script), new ChatCompletionsRoute(), new ResponsesRoute(),
                    new TextToSpeechRoute(), new ElevenLabsTimestampsRoute(), new OpenAiSpeechRoute(),
                    new CartesiaRoute(), new AzureSpeechRoute(), new GoogleSpeechRoute(), new PollyRoute(),
                    new DeepgramListenRoute(), new DeepgramSpeakRoute());
    private volatile ProviderKnobs knobs;
    private final java.util.concurrent.atomic.AtomicInteger failuresSent = new java.util.concurrent.atomic.AtomicInteger();

    /** A router whose knobs start at, and reset to, {@code startupKnobs}. */
    public ProviderRouter(ProviderKnobs startupKnobs) {
        this.startupKnobs = startupKnobs;
        this.knobs = startupKnobs;
    }

    /** Every provider request received so far. */
    public List<RecordedRequest> recordedRequests() {
        return journal.all();
    }

    /** The knobs in force. */
    public ProviderKnobs knobs() {
        return knobs;
    }

    /** Replaces the knobs; fields absent from {@code control} revert to the startup values. */
    public void control(JsonNode control) {
        knobs = ProviderKnobs.fromJson(control, startupKnobs);
        failuresSent.set(0);
    }

    /** Forgets recordings and call progress and restores the startup knobs. */
    public void reset() {
        journal.clear();
        script.reset();
        knobs = startupKnobs;
        failuresSent.set(0);
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        boolean cut = false;
        try {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if (path.startsWith("/__")) {
                handleTestHook(exchange, method, path);
            } else {
                handleProvider(exchange, method, path);
            }
        } catch (PacedResponse.ConnectionCut e) {
            cut = true;
            // rethrown: the server then drops the connection as it is (closing the exchange would end the body)
            throw e;
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "fake provider exchange failed", e);
        } finally {
            if (!cut) {
                exchange.close();
            }
        }
    }

    private void handleProvider(HttpExchange exchange, String method, String path) throws IOException {
        exchange.setAttribute(PacedResponse.ARRIVED_NANOS, System.nanoTime());
        long receivedAt = System.currentTimeMillis();
        // the body is read here once, so that the journal can say exactly what arrived; the routes read it again
        byte[] body = exchange.getRequestBody().readAllBytes();
        exchange.setStreams(new ByteArrayInputStream(body), null);
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(", ", values)));
        String query = exchange.getRequestURI().getRawQuery();
        journal.record(new RecordedRequest(method, path, query,
                exchange.getRequestHeaders().getFirst("x-call-sid"),
                exchange.getRequestHeaders().getFirst("traceparent"),
                receivedAt, headers, body.length, sha256(body)));
        ProviderKnobs current;
        try {
            current = knobs.forRequest(exchange.getRequestHeaders().getFirst(Fault.HEADER));
        } catch (IllegalArgumentException e) {
            exchange.getRequestBody().readAllBytes();
            OpenAiErrors.send(exchange, knobs, 400, "invalid_request_error", Fault.HEADER + ": " + e.getMessage());
            return;
        }
        Fault fault = current.faultSpec();
        if (fault != null && fault.is(Fault.Kind.STATUS)) {
            sendFailure(exchange, current, (int) fault.amount(), path);
            return;
        }
        if (fault != null && (fault.is(Fault.Kind.HTML_ERROR) || fault.is(Fault.Kind.TEXT_ERROR))) {
            exchange.getRequestBody().readAllBytes();
            ProxyErrors.send(exchange, current, fault);
            return;
        }
        if (fault != null && fault.is(Fault.Kind.REDIRECT) && (query == null || !query.contains(REDIRECTED))) {
            exchange.getResponseHeaders().set("location", path + "?" + (query == null ? "" : query + "&") + REDIRECTED);
            exchange.sendResponseHeaders((int) fault.amount(), -1);
            exchange.close();
            return;
        }
        if (fault != null && fault.is(Fault.Kind.HOLD)) {
            hold(fault.amount());
        }
        if (fault != null && fault.is(Fault.Kind.RESET) && fault.amount() == 0) {
            PacedResponse.resetBeforeHeaders(exchange);
        }
        if (current.failsFor(path)
                && (current.failTimes() == 0 || failuresSent.getAndIncrement() < current.failTimes())) {
            sendFailure(exchange, current, current.failStatus(), path);
            return;
        }
        for (ProviderRoute route : routes) {
            if (route.matches(method, path)) {
                route.handle(exchange, current);
                return;
            }
        }
        exchange.getRequestBody().readAllBytes();
        OpenAiErrors.send(exchange, current, 404, "invalid_request_error",
                "Unknown request URL: " + method + " " + path);
    }

    /** The vendor-shaped error an injected failure answers . */
    private static void sendFailure(HttpExchange exchange, ProviderKnobs current, int status, String path)
            throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (current.failRetryAfter() != null) {
            exchange.getResponseHeaders().set("retry-after", current.failRetryAfter());
        } else {
            // a short retry hint, as OpenAI sends on 429 and 5xx: clients that retry do so at once
            exchange.getResponseHeaders().set("retry-after-ms", "20");
        }
        if (path.startsWith("/v1/text-to-speech/")) {
            TextToSpeechRoute.sendError(exchange, current, status, "injected_failure", "Injected failure for " + path);
        } else if (path.equals("/v1/speak") || path.equals("/v1/listen")) {
            DeepgramSpeakRoute.error(exchange, current, status, "INJECTED_FAILURE", "Injected failure for " + path,
                    java.util.UUID.randomUUID().toString());
        } else {
            OpenAiErrors.send(exchange, current, status, "server_error", "Injected failure for " + path);
        }
    }

    private static void hold(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while holding the response");
        }
    }

    private void handleTestHook(HttpExchange exchange, String method, String path) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        switch (method + " " + path) {
            case "POST /__control" -> {
                JsonNode control = body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
                if (control == null || !control.isObject()) {
                    reply(exchange, 400, JSON.createObjectNode().put("error", "expected a JSON object"));
                    return;
                }
                control(control);
                reply(exchange, 200, knobs.toJson(JSON));
            }
            case "GET /__control" -> reply(exchange, 200, knobs.toJson(JSON));
            case "GET /__requests" -> reply(exchange, 200, JSON.valueToTree(journal.all()));
            case "POST /__reset" -> {
                reset();
                reply(exchange, 200, JSON.createObjectNode().put("reset", true));
            }
            default -> reply(exchange, 404,
                    JSON.createObjectNode().put("error", "no such hook: " + method + " " + path));
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void reply(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("content-type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
