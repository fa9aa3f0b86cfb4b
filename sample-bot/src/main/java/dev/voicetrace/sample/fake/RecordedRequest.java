package dev.voicetrace.sample.fake;

import java.util.Map;

/**
 * One provider request as the fake server saw it.
 *
 * @param method                HTTP method
 * @param path                  request path
 * @param query                 raw query string, or {@code null}
 * @param callSid               the {@code x-call-sid} header, or {@code null}
 * @param traceparent           the W3C {@code traceparent} header, or {@code null}
 * @param receivedAtEpochMillis when the request arrived
 * @param headers               every request header, names in lower case, repeated values joined with ", "
 * @param bodyBytes             the length of the request body as received (after any chunked framing)
 * @param bodySha256            the SHA-256 of that body, hex
 */
public record RecordedRequest(String method, String path, String query, String callSid, String traceparent,
                              long receivedAtEpochMillis, Map<String, String> headers, long bodyBytes,
                              String bodySha256) {
}
