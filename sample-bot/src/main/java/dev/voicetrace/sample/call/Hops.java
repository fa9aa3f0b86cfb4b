package dev.voicetrace.sample.call;

/** How the bot moves a call's work between threads. */
public enum Hops {
    /**
     * A shared worker pool and {@code CompletableFuture.*Async} stages: the hops the upstream agent
     * already carries.
     */
    POOL,
    /**
     * The hand-offs many production bots write by hand and the upstream agent does not carry: a
     * dedicated thread per call draining a {@code BlockingQueue} of audio frames, a new thread per
     * reply, a new thread (virtual when the JVM has them) per spoken sentence, and a {@code
     * java.util.Timer} for the silence reprompt.
     */
    THREADS
}
