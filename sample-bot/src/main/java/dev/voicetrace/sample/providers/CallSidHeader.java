package dev.voicetrace.sample.providers;

/**
 * The request header with which the bot tags every provider request with its call, for the provider's logs.
 */
public final class CallSidHeader {

    /** Header name. */
    public static final String NAME = "x-call-sid";

    private CallSidHeader() {
    }
}
