package dev.voicetrace.sample.call;

import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

/**
 * A call's own thread, draining the caller's audio frames from a queue so that the WebSocket thread
 * only decodes and queues (the shape of bots that do voice-activity detection off the socket thread).
 */
final class CallWorker {
    /** Queued when the call ends; the same array for every call. */
    private static final byte[] HANG_UP = new byte[0];

    private final LinkedBlockingQueue<byte[]> frames = new LinkedBlockingQueue<>();
    private final Thread thread;

    CallWorker(String callSid, Consumer<byte[]> onFrame) {
        this.thread = new Thread(() -> drain(onFrame), "call-" + callSid);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void offer(byte[] frame) {
        frames.offer(frame);
    }

    void stop() {
        frames.offer(HANG_UP);
    }

    private void drain(Consumer<byte[]> onFrame) {
        try {
            for (byte[] frame = frames.take(); frame != HANG_UP; frame = frames.take()) {
                onFrame.accept(frame);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
