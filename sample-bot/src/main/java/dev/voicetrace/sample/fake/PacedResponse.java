package dev.voicetrace.sample.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Writes a response the way a busy provider does: headers at once, the first body byte after the
 * time-to-first-byte delay, streamed bodies chunk by chunk with a pause in between. The caller must have read
 * the request body already.
 */
final class PacedResponse {

    private final HttpExchange exchange;
    private final ProviderKnobs knobs;
    private OutputStream body;
    private boolean firstChunk = true;

    PacedResponse(HttpExchange exchange, ProviderKnobs knobs) {
        this.exchange = exchange;
        this.knobs = knobs;
    }

    /** Sends a complete body with a known length. */
    static void send(HttpExchange exchange, ProviderKnobs knobs, int status, String contentType, byte[] content)
            throws IOException {
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, content.length == 0 ? -1 : content.length);
        pause(knobs.ttfbMs());
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(content);
        }
    }

    /** Starts a chunked (streamed) body. */
    PacedResponse begin(int status, String contentType) throws IOException {
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, 0);
        body = exchange.getResponseBody();
        return this;
    }

    /** Writes and flushes one chunk, after the time-to-first-byte delay or the inter-chunk pause. */
    void chunk(byte[] bytes) throws IOException {
        pause(firstChunk ? knobs.ttfbMs() : knobs.chunkMs());
        firstChunk = false;
        body.write(bytes);
        body.flush();
    }

    /** Ends the streamed body. */
    void end() throws IOException {
        if (firstChunk) {
            pause(knobs.ttfbMs());
        }
        body.close();
    }

    private static void pause(long millis) {
        if (millis <= 0) {
            return;
        }
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while pacing the response"));
        }
    }
}
