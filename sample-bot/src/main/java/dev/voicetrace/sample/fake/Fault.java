package dev.voicetrace.sample.fake;

import java.util.Locale;

/**
 * A transport or body fault the fake server injects into one response, chosen per request with the
 * {@code x-fake-fault} header (or for every request with the {@code fault} knob of {@code /__control}).
 * Syntax {@code name[=amount]}:
 * <ul>
 *   <li>{@code gzip}: the body is sent with {@code Content-Encoding: gzip} (whatever the request accepted);
 *   <li>{@code deflate}: the body is sent with {@code Content-Encoding: deflate}, in the zlib format RFC 9110 names;
 *   <li>{@code raw-deflate}: the same header, but raw deflate data without the zlib wrapper, as some servers send it;
 *   <li>{@code byte-chunks}: every body byte is its own chunk, flushed on its own;
 *   <li>{@code stall=MS}: no byte for {@code MS} ms after the first chunk of the body;
 *   <li>{@code reset=N}: after {@code N} chunks (default 1) the connection is reset (TCP RST) mid-body;
 *       {@code reset=0} resets it before any response, once the request has been read;
 *   <li>{@code truncate=N}: after {@code N} chunks (default 1) the connection is closed before the chunked
 *       body's terminating chunk;
 *   <li>{@code garbage}: malformed SSE lines, invalid UTF-8 and broken JSON before (streamed) or instead of
 *       the second half of (whole bodies) the real body;
 *   <li>{@code huge=BYTES}: TTS audio of that many bytes, in 64 KiB chunks without pauses;
 *   <li>{@code status=CODE}: the vendor's error body with that HTTP status;
 *   <li>{@code html-error=CODE}: an HTML error page with that status (default 502), as a proxy or load balancer
 *       in front of the provider answers;
 *   <li>{@code text-error=CODE}: a plain-text error body with that status (default 500);
 *   <li>{@code hold=MS}: no response headers for {@code MS} ms (default 1000), as a provider still working on a
 *       non-streamed answer, then the normal response: a client timeout shorter than that fires before any byte;
 *   <li>{@code unknown-fields}: every chat completion chunk (and a whole completion) carries fields no client
 *       knows, at the top level, in the choices, the delta and the usage, among them an {@code x_vendor} object
 *       with a nested {@code model}, {@code finish_reason} and {@code usage} of its own (as Groq's
 *       {@code x_groq} carries usage) that are not the completion's;
 *   <li>{@code stream-error=N}: a streamed chat completion sends its role chunk and {@code N} content chunks
 *       (default 2), then OpenAI's in-stream error event ({@code data: {"error":{"type":"server_error",…}}}) and
 *       ends the body without a finish reason or {@code [DONE]}: the failure a provider reports after it has
 *       already answered 200. An OpenAI speech request with {@code "stream_format":"sse"} gets {@code N} audio
 *       deltas, then {@code data: {"type":"error","error":{"type":"server_error",…}}}, and no
 *       {@code speech.audio.done}; a streamed Responses API request gets {@code N} text deltas, then
 *       {@code response.failed} (its {@code response.error.code} {@code server_error}), and no
 *       {@code response.completed}.
 *   <li>{@code redirect=CODE}: that status (default 307) with no body and a {@code Location} of the same path and
 *       query plus {@code redirected=1}; the request that follows it (the fault header still on it, as clients
 *       keep a redirected request's headers) is answered normally, as a provider that moved an endpoint would.
 * </ul>
 */
public record Fault(Kind kind, long amount) {

    /** The request header that selects a fault for one request. */
    public static final String HEADER = "x-fake-fault";

    public enum Kind { GZIP, DEFLATE, RAW_DEFLATE, BYTE_CHUNKS, STALL, RESET, TRUNCATE, GARBAGE, HUGE, STATUS, HTML_ERROR, TEXT_ERROR, HOLD,
        UNKNOWN_FIELDS, STREAM_ERROR, REDIRECT }

    /** The fault {@code spec} names, or {@code null} for none (null or blank). */
    public static Fault parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return null;
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        int eq = s.indexOf('=');
        String name = eq < 0 ? s : s.substring(0, eq);
        long amount;
        try {
            amount = eq < 0 ? -1 : Long.parseLong(s.substring(eq + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad fault amount in '" + spec + "'");
        }
        Kind kind = switch (name) {
            case "gzip" -> Kind.GZIP;
            case "deflate" -> Kind.DEFLATE;
            case "raw-deflate" -> Kind.RAW_DEFLATE;
            case "byte-chunks" -> Kind.BYTE_CHUNKS;
            case "stall" -> Kind.STALL;
            case "reset" -> Kind.RESET;
            case "truncate" -> Kind.TRUNCATE;
            case "garbage" -> Kind.GARBAGE;
            case "huge" -> Kind.HUGE;
            case "status" -> Kind.STATUS;
            case "html-error" -> Kind.HTML_ERROR;
            case "text-error" -> Kind.TEXT_ERROR;
            case "hold" -> Kind.HOLD;
            case "unknown-fields" -> Kind.UNKNOWN_FIELDS;
            case "stream-error" -> Kind.STREAM_ERROR;
            case "redirect" -> Kind.REDIRECT;
            default -> throw new IllegalArgumentException("unknown fault '" + spec + "'");
        };
        if (amount < 0) {
            amount = switch (kind) {
                case STALL -> 1000;
                case RESET, TRUNCATE -> 1;
                case STREAM_ERROR -> 2;
                case HUGE -> 32L * 1024 * 1024;
                case STATUS, TEXT_ERROR -> 500;
                case HTML_ERROR -> 502;
                case HOLD -> 1000;
                case REDIRECT -> 307;
                default -> 0;
            };
        }
        return new Fault(kind, amount);
    }

    public boolean is(Kind k) {
        return kind == k;
    }

    /** The {@code Content-Encoding} this fault sends the body in, or {@code null} when it does not compress it. */
    public String contentEncoding() {
        return switch (kind) {
            case GZIP -> "gzip";
            case DEFLATE, RAW_DEFLATE -> "deflate";
            default -> null;
        };
    }

    @Override
    public String toString() {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + (amount > 0 ? "=" + amount : "");
    }
}
