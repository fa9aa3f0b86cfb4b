package dev.voicetrace.sample;

import dev.voicetrace.sample.call.BotConfig;
import dev.voicetrace.sample.fake.RecordedRequest;
import dev.voicetrace.sample.simulator.CallOutcome;
import dev.voicetrace.sample.simulator.Simulation;
import dev.voicetrace.sample.simulator.SimulationOptions;
import dev.voicetrace.sample.simulator.TelephonyProvider;
import dev.voicetrace.sample.websocket.MediaServer.EndpointStyle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The whole fixture in one JVM: fake providers, the bot (both endpoint styles), and simulated Twilio and Plivo calls.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VoiceBotEndToEndTest {

    private static final int UTTERANCES = 2;
    private static final Duration SIMULATION_TIMEOUT = Duration.ofSeconds(45);

    private static FakeProviderServer providers;

    @BeforeAll
    static void startProviders() throws Exception {
        providers = new FakeProviderServer().start();
    }

    @AfterAll
    static void stopProviders() {
        providers.close();
    }

    @ParameterizedTest
    @EnumSource(EndpointStyle.class)
    void concurrentTwilioAndPlivoCallsGetEveryReplyAndTagTheirProviderRequests(EndpointStyle style) throws Exception {
        providers.router().reset();
        BotConfig config = BotConfig.withFakeKeys(providers.openAiBaseUrl(), providers.elevenLabsBaseUrl());
        List<CallOutcome> outcomes = new ArrayList<>();
        try (VoiceBot bot = VoiceBot.start(0, style, config)) {
            URI media = URI.create("ws://127.0.0.1:" + bot.port() + "/media");
            CompletableFuture<List<CallOutcome>> twilio = simulate(new SimulationOptions(
                    media, 2, UTTERANCES, TelephonyProvider.Kind.TWILIO, true, SIMULATION_TIMEOUT));
            CompletableFuture<List<CallOutcome>> plivo = simulate(new SimulationOptions(
                    media, 1, UTTERANCES, TelephonyProvider.Kind.PLIVO, false, SIMULATION_TIMEOUT));
            outcomes.addAll(twilio.get(60, TimeUnit.SECONDS));
            outcomes.addAll(plivo.get(60, TimeUnit.SECONDS));
        }

        assertEquals(3, outcomes.size());
        assertEquals(3, outcomes.stream().map(CallOutcome::callSid).distinct().count(), "unique call ids");
        List<RecordedRequest> requests = providers.recordedRequests();
        for (CallOutcome call : outcomes) {
            assertTrue(call.ok(), call.callSid() + " failed: " + call.failure());
            assertEquals(UTTERANCES, call.replies(), call.callSid());
            // the scripted replies (3.6 s + 4 s of audio) arrived, not a fallback line
            assertEquals(60_800, call.audioBytes(), call.callSid() + " audio");

            List<RecordedRequest> ofCall = requests.stream().filter(r -> call.callSid().equals(r.callSid())).toList();
            assertEquals(UTTERANCES, count(ofCall, r -> r.path().equals("/v1/audio/transcriptions")), "STT " + ofCall);
            assertEquals(UTTERANCES, count(ofCall, r -> r.path().equals("/v1/chat/completions")), "chat " + ofCall);
            assertEquals(UTTERANCES, count(ofCall, r -> r.path().equals("/v1/text-to-speech/"
                    + BotConfig.DEFAULT_VOICE_ID + "/stream") && "output_format=ulaw_8000".equals(r.query())),
                    "TTS " + ofCall);
            assertTrue(ofCall.stream().allMatch(r -> r.method().equals("POST") && r.traceparent() == null),
                    "an uninstrumented bot sends no traceparent: " + ofCall);
        }
        assertEquals(3 * 3 * UTTERANCES, requests.size(), "no untagged or extra provider requests: " + requests);
    }

    private static CompletableFuture<List<CallOutcome>> simulate(SimulationOptions options) {
        return CompletableFuture.supplyAsync(() -> new Simulation(options).run(outcome -> { }));
    }

    private static long count(List<RecordedRequest> requests, Predicate<RecordedRequest> matching) {
        return requests.stream().filter(matching).count();
    }
}
