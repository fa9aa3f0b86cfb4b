package dev.voicetrace.sample.fake;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random ids shaped like the ones the real providers hand out.
 */
final class RequestIds {

    private RequestIds() {
    }

    /** An OpenAI {@code x-request-id}: {@code req_} and 32 hex digits. */
    static String openAiRequest() {
        return "req_" + hex(16);
    }

    /** An OpenAI chat completion id. */
    static String chatCompletion() {
        return "chatcmpl-" + hex(12);
    }

    /** An ElevenLabs {@code request-id}. */
    static String elevenLabsRequest() {
        return hex(10);
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
