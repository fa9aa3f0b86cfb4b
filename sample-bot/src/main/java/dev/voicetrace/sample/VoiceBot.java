package dev.voicetrace.sample;

import dev.voicetrace.sample.call.BotConfig;
import dev.voicetrace.sample.call.Hops;
import dev.voicetrace.sample.call.Switchboard;
import dev.voicetrace.sample.websocket.MediaServer;

import java.util.Locale;
import java.util.Set;

/**
 * The voice bot: a standalone Jakarta WebSocket (Tyrus) server that answers Twilio and Plivo media streams at
 * {@code /media}.
 *
 * <p>Usage: {@code VoiceBot --port N --openai-base-url URL --elevenlabs-base-url URL
 * [--endpoint annotated|programmatic|lambda] [--hops pool|threads]}. Runs until the process is killed. {@code
 * --hops threads} moves each call's work through the hand-offs the upstream agent does not carry (see {@link Hops}).
 */
public final class VoiceBot implements AutoCloseable {

    private final Switchboard switchboard;
    private final MediaServer server;

    private VoiceBot(Switchboard switchboard, MediaServer server) {
        this.switchboard = switchboard;
        this.server = server;
    }

    /** Starts a bot in this process; port 0 picks a free port. */
    public static VoiceBot start(int port, MediaServer.EndpointStyle style, BotConfig config) throws Exception {
        return start(port, style, config, Hops.POOL);
    }

    /** Starts a bot in this process that moves each call's work between threads as {@code hops} says. */
    public static VoiceBot start(int port, MediaServer.EndpointStyle style, BotConfig config, Hops hops)
            throws Exception {
        Switchboard switchboard = new Switchboard(config, hops);
        try {
            return new VoiceBot(switchboard, MediaServer.start(port, style, switchboard));
        } catch (Exception e) {
            switchboard.close();
            throw e;
        }
    }

    /** The port the bot listens on. */
    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.close();
        switchboard.close();
    }

    public static void main(String[] args) throws Exception {
        ConsoleLogging.oneLinePerRecord();
        CommandLine options = CommandLine.parse(args,
                Set.of("port", "openai-base-url", "elevenlabs-base-url", "endpoint", "hops"));
        BotConfig config = BotConfig.withFakeKeys(
                options.require("openai-base-url"), options.require("elevenlabs-base-url"));
        MediaServer.EndpointStyle style = MediaServer.EndpointStyle.valueOf(
                options.get("endpoint", "annotated").toUpperCase(Locale.ROOT));
        Hops hops = Hops.valueOf(options.get("hops", "pool").toUpperCase(Locale.ROOT));
        VoiceBot bot = start(options.getInt("port", 0), style, config, hops);
        System.out.println("VOICE_BOT_LISTENING port=" + bot.port() + " path=" + MediaServer.PATH);
        System.out.flush();
        Thread.currentThread().join();
    }
}
