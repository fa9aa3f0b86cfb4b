package dev.voicetrace.sample.simulator;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A batch of concurrent simulated calls against one bot, bounded by the options' timeout.
 */
public final class Simulation {

    private final SimulationOptions options;

    /** A simulation as described by {@code options}. */
    public Simulation(SimulationOptions options) {
        this.options = options;
    }

    /** Places all calls at once and waits for them; {@code onCallDone} hears each call as it finishes. */
    public List<CallOutcome> run(Consumer<CallOutcome> onCallDone) {
        long deadline = System.nanoTime() + options.timeout().toNanos();
        ExecutorService callers = Executors.newFixedThreadPool(options.calls(), task -> {
            Thread thread = new Thread(task, "simulated-call");
            thread.setDaemon(true);
            return thread;
        });
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        try {
            List<CompletableFuture<CallOutcome>> calls = new ArrayList<>();
            for (int i = 0; i < options.calls(); i++) {
                SimulatedCall call = new SimulatedCall(http, options, deadline);
                calls.add(CompletableFuture.supplyAsync(call::place, callers).whenComplete((outcome, error) -> {
                    if (outcome != null) {
                        onCallDone.accept(outcome);
                    }
                }));
            }
            List<CallOutcome> outcomes = new ArrayList<>();
            for (CompletableFuture<CallOutcome> call : calls) {
                // Calls enforce the deadline themselves; the grace period only covers a stuck close handshake.
                long wait = Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(5);
                outcomes.add(call.completeOnTimeout(
                        new CallOutcome("unknown", 0, 0, null, "did not finish in time"), wait, TimeUnit.NANOSECONDS).join());
            }
            return outcomes;
        } finally {
            callers.shutdownNow();
        }
    }
}
