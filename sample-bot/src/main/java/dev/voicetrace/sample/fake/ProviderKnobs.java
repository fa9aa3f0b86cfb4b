package dev.voicetrace.sample.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * How the fake providers misbehave: latency before the first body byte, pacing of streamed bodies, and an
 * injected failure for one path prefix.
 *
 * @param ttfbMs     delay between the response headers and the first body byte
 * @param chunkMs    pause between two body chunks (SSE events, audio chunks)
 * @param chunkBytes size of one streamed audio chunk
 * @param failPath   requests whose path starts with this fail; {@code null} for none
 * @param failStatus HTTP status of injected failures
 * @param failTimes  how many matching requests fail (then they succeed: a transient outage a client's retries
 *                   ride out); 0: every one
 * @param fault      a {@link Fault} for every response ({@code null}: none); a request's {@code x-fake-fault}
 *                   header chooses one for that request only
 * @param failRetryAfter the {@code Retry-After} header of injected failures (seconds, or an HTTP date), sent
 *                   instead of OpenAI's {@code retry-after-ms: 20}; {@code null}: {@code retry-after-ms: 20}
 */
public record ProviderKnobs(long ttfbMs, long chunkMs, int chunkBytes, String failPath, int failStatus,
                            int failTimes, String fault, String failRetryAfter) {

    /** Knobs of a well-behaved, fast provider. */
    public static final ProviderKnobs DEFAULTS = new ProviderKnobs(0, 5, 1600, null, 500, 0, null, null);

    public ProviderKnobs(long ttfbMs, long chunkMs, int chunkBytes, String failPath, int failStatus,
                         int failTimes, String fault) {
        this(ttfbMs, chunkMs, chunkBytes, failPath, failStatus, failTimes, fault, null);
    }

    /** Chunk size of a {@code huge} fault's body. */
    static final int HUGE_CHUNK_BYTES = 64 * 1024;

    public ProviderKnobs(long ttfbMs, long chunkMs, int chunkBytes, String failPath, int failStatus,
                         int failTimes) {
        this(ttfbMs, chunkMs, chunkBytes, failPath, failStatus, failTimes, null);
    }

    public ProviderKnobs(long ttfbMs, long chunkMs, int chunkBytes, String failPath, int failStatus) {
        this(ttfbMs, chunkMs, chunkBytes, failPath, failStatus, 0);
    }

    public ProviderKnobs {
        if (ttfbMs < 0 || chunkMs < 0 || chunkBytes <= 0 || failTimes < 0) {
            throw new IllegalArgumentException("knobs must be non-negative and chunkBytes positive");
        }
        Fault.parse(fault); // fails on a bad spec
    }

    /** The fault of these knobs, or {@code null}. */
    public Fault faultSpec() {
        return Fault.parse(fault);
    }

    /**
     * These knobs for one request whose {@code x-fake-fault} header is {@code header} (the header wins over
     * the {@code fault} knob); a {@code huge} body goes out in big chunks without pauses.
     */
    public ProviderKnobs forRequest(String header) {
        String f = header != null && !header.isBlank() ? header : fault;
        Fault parsed = Fault.parse(f);
        if (parsed != null && parsed.is(Fault.Kind.HUGE)) {
            return new ProviderKnobs(ttfbMs, 0, HUGE_CHUNK_BYTES, failPath, failStatus, failTimes, f, failRetryAfter);
        }
        return new ProviderKnobs(ttfbMs, chunkMs, chunkBytes, failPath, failStatus, failTimes, f, failRetryAfter);
    }

    /** Knobs from a {@code /__control} body; fields it leaves out take their value from {@code base}. */
    public static ProviderKnobs fromJson(JsonNode json, ProviderKnobs base) {
        return new ProviderKnobs(
                json.path("ttfbMs").asLong(base.ttfbMs),
                json.path("chunkMs").asLong(base.chunkMs),
                json.path("chunkBytes").asInt(base.chunkBytes),
                json.hasNonNull("failPath") ? json.get("failPath").asText() : base.failPath,
                json.path("failStatus").asInt(base.failStatus),
                json.path("failTimes").asInt(base.failTimes),
                json.hasNonNull("fault") ? json.get("fault").asText() : base.fault,
                json.hasNonNull("failRetryAfter") ? json.get("failRetryAfter").asText() : base.failRetryAfter);
    }

    /** Whether a request to {@code path} must fail. */
    public boolean failsFor(String path) {
        return failPath != null && !failPath.isEmpty() && path.startsWith(failPath);
    }

    /** These knobs as a {@code /__control}-shaped JSON object. */
    public ObjectNode toJson(ObjectMapper json) {
        ObjectNode node = json.createObjectNode()
                .put("ttfbMs", ttfbMs)
                .put("chunkMs", chunkMs)
                .put("chunkBytes", chunkBytes)
                .put("failStatus", failStatus)
                .put("failTimes", failTimes);
        if (fault == null) {
            node.putNull("fault");
        } else {
            node.put("fault", fault);
        }
        if (failRetryAfter == null) {
            node.putNull("failRetryAfter");
        } else {
            node.put("failRetryAfter", failRetryAfter);
        }
        return failPath == null ? node.putNull("failPath") : node.put("failPath", failPath);
    }
}
