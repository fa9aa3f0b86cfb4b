package dev.voicetrace.sample;

import dev.voicetrace.sample.simulator.CallOutcome;
import dev.voicetrace.sample.simulator.CallerScript;
import dev.voicetrace.sample.simulator.SimulationOptions;
import dev.voicetrace.sample.simulator.Simulation;
import dev.voicetrace.sample.simulator.TelephonyProvider;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Dials the bot the way Twilio or Plivo would and talks to it; exits 0 only if every call heard every reply.
 *
 * <p>Usage: {@code CallSimulator --url ws://127.0.0.1:P/media [--calls N] [--utterances K]
 * [--protocol twilio|plivo] [--hangup stop|close] [--timeout-s N] [--barge-in true]}.
 */
public final class CallSimulator {

    private CallSimulator() {
    }

    /** Runs a simulation in this process, printing {@code CALL_DONE} lines as calls finish. */
    public static List<CallOutcome> simulate(SimulationOptions options) {
        return new Simulation(options).run(CallSimulator::report);
    }

    public static void main(String[] args) {
        SimulationOptions options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("CallSimulator: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<CallOutcome> outcomes = simulate(options);
        long ok = outcomes.stream().filter(CallOutcome::ok).count();
        System.out.println("SIMULATION_DONE calls=" + outcomes.size() + " ok=" + ok
                + " failed=" + (outcomes.size() - ok));
        System.out.flush();
        System.exit(ok == outcomes.size() ? 0 : 1);
    }

    private static void report(CallOutcome outcome) {
        synchronized (System.out) {
            System.out.println("CALL_DONE callSid=" + outcome.callSid() + " replies=" + outcome.replies()
                    + " audioBytes=" + outcome.audioBytes() + " audioSha256=" + outcome.audioSha256());
            for (int i = 0; i < outcome.userToBotMillis().size(); i++) {
                System.out.println("USER_TO_BOT callSid=" + outcome.callSid() + " utterance=" + (i + 1)
                        + " ms=" + outcome.userToBotMillis().get(i));
            }
            System.out.flush();
        }
        if (!outcome.ok()) {
            System.err.println("CALL_FAILED callSid=" + outcome.callSid() + " reason=" + outcome.failure());
        }
    }

    private static SimulationOptions parse(String[] args) {
        CommandLine options = CommandLine.parse(args,
                Set.of("url", "calls", "utterances", "protocol", "hangup", "timeout-s", "barge-in",
                        "await-greeting", "talk-over-early-ms", "silence-after-ms"));
        TelephonyProvider.Kind provider = TelephonyProvider.Kind.valueOf(
                options.get("protocol", "twilio").toUpperCase(Locale.ROOT));
        String hangup = options.get("hangup", provider == TelephonyProvider.Kind.TWILIO ? "stop" : "close");
        if (!hangup.equals("stop") && !hangup.equals("close")) {
            throw new IllegalArgumentException("--hangup must be stop or close");
        }
        return new SimulationOptions(
                URI.create(options.require("url")),
                options.getInt("calls", 1),
                options.getInt("utterances", 2),
                provider,
                hangup.equals("stop"),
                Duration.ofSeconds(options.getInt("timeout-s", 60)),
                Boolean.parseBoolean(options.get("barge-in", "false")),
                new CallerScript(Boolean.parseBoolean(options.get("await-greeting", "false")),
                        options.getInt("talk-over-early-ms", 0), options.getInt("silence-after-ms", 0)));
    }
}
