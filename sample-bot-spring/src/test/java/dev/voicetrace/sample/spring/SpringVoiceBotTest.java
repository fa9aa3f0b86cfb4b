package dev.voicetrace.sample.spring;

import dev.voicetrace.sample.FakeProviderServer;
import dev.voicetrace.sample.simulator.CallOutcome;
import dev.voicetrace.sample.simulator.Simulation;
import dev.voicetrace.sample.simulator.SimulationOptions;
import dev.voicetrace.sample.simulator.TelephonyProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot bot starts and answers a Twilio call end to end.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SpringVoiceBotTest {

    private static final FakeProviderServer PROVIDERS = startProviders();

    @LocalServerPort
    private int port;

    @DynamicPropertySource
    static void providerUrls(DynamicPropertyRegistry registry) {
        registry.add("openai-base-url", PROVIDERS::openAiBaseUrl);
        registry.add("elevenlabs-base-url", PROVIDERS::elevenLabsBaseUrl);
    }

    @AfterAll
    static void stopProviders() {
        PROVIDERS.close();
    }

    @Test
    void answersATwilioCall() {
        SimulationOptions options = new SimulationOptions(URI.create("ws://127.0.0.1:" + port + "/media"), 1, 1,
                TelephonyProvider.Kind.TWILIO, true, Duration.ofSeconds(30));

        List<CallOutcome> outcomes = new Simulation(options).run(outcome -> { });

        CallOutcome call = outcomes.get(0);
        assertTrue(call.ok(), call.failure());
        assertEquals(1, call.replies());
        assertTrue(call.audioBytes() > 0);
        assertEquals(3, PROVIDERS.recordedRequests().stream().filter(r -> call.callSid().equals(r.callSid())).count());
    }

    private static FakeProviderServer startProviders() {
        try {
            return new FakeProviderServer().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
