package dev.voicetrace.sample.fake;

import com.sun.net.httpserver.HttpExchange;

import java.io.IOException;

/**
 * One faked provider API operation.
 */
interface ProviderRoute {

    /** Whether this route serves {@code method} {@code path}. */
    boolean matches(String method, String path);

    /** Serves one request, pacing the response with {@code knobs}. */
    void handle(HttpExchange exchange, ProviderKnobs knobs) throws IOException;
}
