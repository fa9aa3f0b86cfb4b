package dev.voicetrace.sample.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.lang.reflect.Field;
import java.net.StandardSocketOptions;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Writes a response the way a busy provider does: headers at once, the first body byte the
 * time-to-first-byte delay after the request arrived (the fake's own work on the request is part of the delay,
 * so that a client sees the configured delay, not the delay plus the fake's processing), streamed bodies chunk by chunk with a pause in between. The caller must have read
 * the request body already. A {@link Fault} of the knobs is applied on the way (gzip, 1-byte chunks, a stall, a
 * reset or truncated connection, garbage bytes).
 */
final class PacedResponse {

    private static final System.Logger LOG = System.getLogger(PacedResponse.class.getName());
    /** The exchange attribute holding {@link System#nanoTime()} when the router took the request. */
    static final String ARRIVED_NANOS = "voicetrace.fake.arrivedNanos";
    /** Broken SSE: a JSON object cut short, a line of invalid UTF-8, a field without a value, an unknown field. */
    static final byte[] GARBAGE_SSE = concat(
            "data: {\"choices\":[{\"delta\":{\"content\":\"cut sho\n\n".getBytes(StandardCharsets.UTF_8),
            new byte[] {'d', 'a', 't', 'a', ':', ' ', (byte) 0xC3, (byte) 0x28, (byte) 0xA0, (byte) 0xA1,
                (byte) 0xFF, (byte) 0xFE, '\n', '\n'},
            "data\n\nevent:\nretry: soon\n: comment\ndata: [1, 2,\n\ndata: {\"usage\":{\"prompt_tokens\":\"many\"}}\n\n"
                    .getBytes(StandardCharsets.UTF_8));
    /** Bytes no text or JSON parser can make sense of: invalid UTF-8, NUL, a lone surrogate's encoding. */
    static final byte[] GARBAGE = {(byte) 0xFF, (byte) 0xFE, 0, (byte) 0xC3, (byte) 0x28, (byte) 0xED, (byte) 0xA0,
        (byte) 0x80, '{', '"', (byte) 0xA0, ':', '[', '\n', 0x1B, (byte) 0x80};

    /** Thrown when a fault cut the connection: the router must not close the exchange (that would end the body). */
    static final class ConnectionCut extends IOException {
        ConnectionCut(String what) {
            super(what);
        }
    }

    private final HttpExchange exchange;
    private final ProviderKnobs knobs;
    private final Fault fault;
    private OutputStream raw;
    private OutputStream body;
    private boolean firstChunk = true;
    private int chunksWritten;

    PacedResponse(HttpExchange exchange, ProviderKnobs knobs) {
        this.exchange = exchange;
        this.knobs = knobs;
        this.fault = knobs.faultSpec();
    }

    /** Sends a complete body with a known length (chunked instead when the fault needs chunks). */
    static void send(HttpExchange exchange, ProviderKnobs knobs, int status, String contentType, byte[] content)
            throws IOException {
        Fault fault = knobs.faultSpec();
        if (fault != null && (fault.is(Fault.Kind.BYTE_CHUNKS) || fault.is(Fault.Kind.STALL)
                || fault.is(Fault.Kind.TRUNCATE) || fault.contentEncoding() != null)) {
            PacedResponse streamed = new PacedResponse(exchange, knobs).begin(status, contentType);
            int half = content.length / 2;
            streamed.chunk(Arrays.copyOfRange(content, 0, half));
            streamed.chunk(Arrays.copyOfRange(content, half, content.length));
            streamed.end();
            return;
        }
        if (fault != null && fault.is(Fault.Kind.GARBAGE)) {
            content = concat(GARBAGE, Arrays.copyOfRange(content, 0, content.length / 2)); // broken JSON
        }
        exchange.getResponseHeaders().set("content-type", contentType);
        exchange.sendResponseHeaders(status, content.length == 0 ? -1 : content.length);
        pauseForFirstByte(exchange, knobs);
        OutputStream out = exchange.getResponseBody();
        if (fault != null && fault.is(Fault.Kind.RESET)) {
            out.write(content, 0, content.length / 2);
            out.flush();
            new PacedResponse(exchange, knobs).cut(); // a Content-Length body cut mid-way
        }
        try (out) {
            out.write(content);
        }
    }

    /** Starts a chunked (streamed) body. */
    PacedResponse begin(int status, String contentType) throws IOException {
        exchange.getResponseHeaders().set("content-type", contentType);
        String encoding = fault == null ? null : fault.contentEncoding();
        if (encoding != null) {
            exchange.getResponseHeaders().set("content-encoding", encoding);
        }
        exchange.sendResponseHeaders(status, 0);
        raw = exchange.getResponseBody();
        if (encoding == null) {
            body = raw;
        } else if (fault.is(Fault.Kind.GZIP)) {
            body = new GZIPOutputStream(raw, 512, true);
        } else {
            body = new DeflaterOutputStream(raw, new Deflater(Deflater.DEFAULT_COMPRESSION,
                    fault.is(Fault.Kind.RAW_DEFLATE)), 512, true);
        }
        return this;
    }

    /** Writes and flushes one chunk, after the time-to-first-byte delay or the inter-chunk pause. */
    void chunk(byte[] bytes) throws IOException {
        boolean first = firstChunk;
        if (first) {
            pauseForFirstByte(exchange, knobs);
        } else {
            pause(knobs.chunkMs());
        }
        firstChunk = false;
        if (fault == null) {
            write(bytes);
            return;
        }
        if (first && fault.is(Fault.Kind.GARBAGE)) {
            String type = exchange.getResponseHeaders().getFirst("content-type");
            write(type != null && type.contains("event-stream") ? GARBAGE_SSE : GARBAGE);
        }
        if (!first && chunksWritten == 1 && fault.is(Fault.Kind.STALL)) {
            pause(fault.amount());
        }
        if (fault.is(Fault.Kind.BYTE_CHUNKS)) {
            for (byte b : bytes) {
                body.write(b);
                body.flush();
            }
        } else {
            write(bytes);
        }
        chunksWritten++;
        if (chunksWritten >= fault.amount() && (fault.is(Fault.Kind.RESET) || fault.is(Fault.Kind.TRUNCATE))) {
            cut();
        }
    }

    private void write(byte[] bytes) throws IOException {
        body.write(bytes);
        body.flush();
    }

    /** Ends the streamed body. */
    void end() throws IOException {
        if (firstChunk) {
            pauseForFirstByte(exchange, knobs);
        }
        if (fault != null && (fault.is(Fault.Kind.RESET) || fault.is(Fault.Kind.TRUNCATE))) {
            cut(); // fewer chunks than asked for: cut before the end all the same
        }
        body.close();
    }

    /**
     * Cuts the connection after a short pause that lets the client take in the bytes already written (so that what
     * it read does not depend on a race with the cut): a {@code truncate} fault throws {@link ConnectionCut}, on
     * which the server closes the connection (FIN) without the terminating chunk; a {@code reset} fault first sets
     * SO_LINGER 0 and closes the socket, so the peer gets a TCP RST. A reset needs
     * {@code --add-opens jdk.httpserver/sun.net.httpserver=ALL-UNNAMED} to reach the socket; without it the
     * connection is only closed, which the log says.
     */
    private void cut() throws IOException {
        pause(Math.max(50, knobs.chunkMs()));
        if (fault.is(Fault.Kind.TRUNCATE)) {
            throw new ConnectionCut("truncated after " + chunksWritten + " chunks");
        }
        reset(exchange);
    }

    /**
     * Resets the connection (TCP RST) with no response at all, once the request has been read: the {@code reset=0}
     * fault, a provider or load balancer that drops the connection before it answers.
     */
    static void resetBeforeHeaders(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        reset(exchange);
    }

    private static void reset(HttpExchange exchange) throws IOException {
        try {
            SocketChannel channel = channel(exchange);
            channel.setOption(StandardSocketOptions.SO_LINGER, 0);
            channel.close();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.WARNING, "cannot reset the connection (" + e + "); closing it instead");
        }
        throw new ConnectionCut("connection reset");
    }

    private static SocketChannel channel(HttpExchange exchange) throws ReflectiveOperationException {
        Object impl = field(exchange, "impl");
        Object connection = field(impl, "connection");
        return (SocketChannel) field(connection, "chan");
    }

    private static Object field(Object target, String name) throws ReflectiveOperationException {
        for (Class<?> c = target.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f.get(target);
            } catch (NoSuchFieldException e) {
                // look in the super class
            }
        }
        throw new NoSuchFieldException(target.getClass().getName() + "." + name);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** Waits until the time-to-first-byte delay has passed since the request arrived. */
    private static void pauseForFirstByte(HttpExchange exchange, ProviderKnobs knobs) {
        Object arrived = exchange.getAttribute(ARRIVED_NANOS);
        long start = arrived instanceof Long at ? at : System.nanoTime();
        long remaining = start + knobs.ttfbMs() * 1_000_000 - System.nanoTime();
        if (remaining <= 0) {
            return;
        }
        try {
            Thread.sleep(remaining / 1_000_000, (int) (remaining % 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException("interrupted while pacing the response"));
        }
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
