package dev.voicetrace.sample.call;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.voicetrace.sample.audio.UtteranceDetector;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.Base64;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One phone call on one media-stream connection, independent of the WebSocket stack.
 *
 * <p>Understands Twilio Media Streams and Plivo audio streams, detects when the caller finished an utterance,
 * hands it to the {@link ReplyPipeline} and plays the reply back in the protocol the call speaks.
 * Inbound messages must be delivered one at a time (as every WebSocket container does per connection).
 */
public final class CallHandler {

    private static final System.Logger LOG = System.getLogger(CallHandler.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final MediaSink sink;
    private final ReplyPipeline pipeline;
    private final UtteranceDetector detector = new UtteranceDetector();
    private final Conversation conversation = new Conversation();
    private final AtomicInteger replyCount = new AtomicInteger();
    private final AtomicLong playbackGeneration = new AtomicLong();
    private final Set<String> pendingMarks = ConcurrentHashMap.newKeySet();
    private volatile MediaStream stream;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final Hops hops;
    /** The call's own frame-draining thread ({@link Hops#THREADS} only). */
    private volatile CallWorker worker;

    CallHandler(MediaSink sink, ReplyPipeline pipeline, Hops hops) {
        this.sink = sink;
        this.pipeline = pipeline;
        this.hops = hops;
    }

    /** Handles one inbound text message from the telephony provider. */
    public void onText(String message) {
        JsonNode event;
        try {
            event = JSON.readTree(message);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "ignoring malformed media-stream message: {0}", e.getMessage());
            return;
        }
        try {
            dispatch(event);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "ignoring media-stream message that could not be handled", e);
        }
    }

    /** The connection closed (with or without a {@code stop} first): the call is over. */
    public void onClose() {
        hangUp("socket closed");
    }

    /** The connection failed. */
    public void onError(Throwable error) {
        LOG.log(Level.WARNING, "media stream of call " + callSid() + " failed: " + error);
    }

    /** The call's id, or {@code null} before the {@code start} event. */
    public String callSid() {
        MediaStream current = stream;
        return current == null ? null : current.callSid();
    }

    /** Whether the call is still connected. */
    public boolean isLive() {
        return !ended.get();
    }

    /** The call's conversation so far. */
    public Conversation conversation() {
        return conversation;
    }

    private void dispatch(JsonNode event) {
        String type = event.path("event").asText("");
        switch (type) {
            case "connected" -> LOG.log(Level.DEBUG, "media stream connected");
            case "start" -> onStart(event);
            case "media" -> onMedia(event.path("media"));
            case "mark" -> onPlaybackReached(event.path("mark").path("name").asText());
            case "playedStream" -> onPlaybackReached(event.path("name").asText());
            case "stop" -> hangUp("stop");
            default -> LOG.log(Level.DEBUG, "ignoring media-stream event ''{0}''", type);
        }
    }

    private void onStart(JsonNode event) {
        Optional<MediaStream> started = MediaStream.fromStartEvent(event);
        if (started.isEmpty()) {
            LOG.log(Level.DEBUG, "ignoring start event without a call id");
            return;
        }
        stream = started.get();
        if (hops == Hops.THREADS) {
            worker = new CallWorker(stream.callSid(), this::onInboundFrame);
            worker.start();
        }
        pipeline.greet(this, hops == Hops.THREADS);
        LOG.log(Level.INFO, "call {0} started ({1} stream {2})", stream.callSid(), stream.provider(),
                stream.streamSid());
        LOG.log(Level.DEBUG, "call {0} custom parameters: {1}", stream.callSid(),
                event.path("start").path("customParameters"));
    }

    private void onMedia(JsonNode media) {
        if (stream == null || ended.get() || !media.hasNonNull("payload")) {
            return;
        }
        String track = media.path("track").asText("inbound");
        if (!track.startsWith("inbound")) {
            return;
        }
        byte[] frame = Base64.getDecoder().decode(media.get("payload").asText());
        CallWorker w = worker;
        if (w != null) {
            w.offer(frame);
        } else {
            onInboundFrame(frame);
        }
    }

    /** One frame of the caller's audio, in order: utterance detection, barge-in, replies. */
    private void onInboundFrame(byte[] frame) {
        if (ended.get()) {
            return;
        }
        boolean wasSpeaking = detector.inUtterance();
        Optional<byte[]> utterance = detector.accept(frame);
        if (!wasSpeaking && detector.inUtterance() && !pendingMarks.isEmpty()) {
            bargeIn();
        }
        utterance.ifPresent(audio -> {
            pipeline.cancelReprompt(this);
            if (hops == Hops.THREADS) {
                pipeline.respondOnThreads(this, audio, replyCount.incrementAndGet(), playbackGeneration.get());
            } else {
                pipeline.respond(this, audio, replyCount.incrementAndGet(), playbackGeneration.get());
            }
        });
    }

    private void onPlaybackReached(String mark) {
        if (pendingMarks.remove(mark)) {
            LOG.log(Level.DEBUG, "call {0}: caller heard {1}", callSid(), mark);
        }
    }

    private void bargeIn() {
        playbackGeneration.incrementAndGet();
        pendingMarks.clear();
        send(stream.clearAudio());
        LOG.log(Level.DEBUG, "call {0}: caller barged in, playback cleared", callSid());
    }

    private void hangUp(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        pendingMarks.clear();
        pipeline.cancelReprompt(this);
        CallWorker w = worker;
        if (w != null) {
            w.stop();
        }
        LOG.log(Level.INFO, "call {0} ended ({1}) after {2} replies", callSid(), reason, replyCount.get());
    }

    /** The reply counter, for replies the bot starts on its own (a silence reprompt). */
    int nextReplyNumber() {
        return replyCount.incrementAndGet();
    }

    /** Increases on every barge-in: a reply started in an older generation is no longer played. */
    long playbackGeneration() {
        return playbackGeneration.get();
    }

    /** Plays one audio frame of reply audio, unless the caller barged in since that reply began. */
    void play(byte[] muLaw, long generation) {
        if (generation == playbackGeneration.get()) {
            send(stream.playAudio(muLaw));
        }
    }

    /** Asks the provider to report when the caller has heard everything played so far. */
    void markPlayback(String name, long generation) {
        if (generation == playbackGeneration.get()) {
            pendingMarks.add(name);
            send(stream.mark(name));
        }
    }

    private void send(String message) {
        if (ended.get()) {
            return;
        }
        try {
            sink.sendText(message);
        } catch (RuntimeException e) {
            LOG.log(Level.DEBUG, "could not send to call " + callSid() + ": " + e);
        }
    }
}
