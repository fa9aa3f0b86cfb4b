package dev.voicetrace.sample.fake;

/**
 * One provider request as the fake server saw it.
 *
 * @param method                HTTP method
 * @param path                  request path
 * @param query                 raw query string, or {@code null}
 * @param callSid               the {@code x-call-sid} header, or {@code null}
 * @param traceparent           the W3C {@code traceparent} header, or {@code null}
 * @param receivedAtEpochMillis when the request arrived
 */
public record RecordedRequest(String method, String path, String query, String callSid, String traceparent,
                              long receivedAtEpochMillis) {
}
