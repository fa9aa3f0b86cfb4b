package dev.voicetrace.smoke.harness;

import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The sample bot's call simulator (Twilio / Plivo media-stream client), forked without any agent. */
public final class CallSimulator {

  private static final Pattern CALL_DONE =
      Pattern.compile("CALL_DONE callSid=(\\S+) replies=(\\d+) audioBytes=(\\d+) audioSha256=(\\S+)");
  private static final Pattern USER_TO_BOT =
      Pattern.compile("USER_TO_BOT callSid=(\\S+) utterance=(\\d+) ms=(\\S+)");
  private static final Pattern SIMULATION_DONE =
      Pattern.compile("SIMULATION_DONE calls=(\\d+) ok=(\\d+) failed=(\\d+)");

  /** One finished simulated call as the simulator reported it. */
  /** One call as the simulator heard it; {@code audioSha256} digests all reply audio in arrival order. */
  public record Call(String callSid, long replies, long audioBytes, String audioSha256, List<Double> userToBotMs) {

    /**
     * The ground truth of utterance {@code n}'s user-to-bot latency in seconds: from the end of the caller's
     * last voiced frame to the first reply audio frame the simulator received; NaN when it has none.
     */
    public double userToBotSeconds(int utterance) {
      return utterance <= userToBotMs.size() ? userToBotMs.get(utterance - 1) / 1000.0 : Double.NaN;
    }
  }

  /** A finished simulation. */
  public record Result(List<Call> calls, int total, int ok, int failed, int exitCode, ForkedJvm jvm) {

    public Call onlyCall() {
      if (calls.size() != 1) {
        throw new AssertionError("expected exactly one CALL_DONE line, got " + calls + "\n" + jvm.tail());
      }
      return calls.get(0);
    }

    /** Fails unless the simulator exited 0 and every call succeeded. */
    public Result assertSucceeded(int expectedCalls) {
      if (exitCode != 0 || ok != expectedCalls || failed != 0 || calls.size() != expectedCalls) {
        throw new AssertionError("simulation failed: exit " + exitCode + ", calls=" + total + " ok=" + ok
            + " failed=" + failed + ", CALL_DONE lines " + calls + " (expected " + expectedCalls + " ok)\n"
            + jvm.tail());
      }
      return this;
    }
  }

  private final String url;
  private int calls = 1;
  private int utterances = 2;
  private String protocol = "twilio";
  private String hangup = "stop";
  private int timeoutSeconds = 60;
  private boolean bargeIn;
  private boolean awaitGreeting;
  private int talkOverEarlyMs;
  private int silenceAfterMs;

  private CallSimulator(String url) {
    this.url = url;
  }

  public static CallSimulator against(VoiceBot bot) {
    return new CallSimulator(bot.mediaUrl());
  }

  public CallSimulator calls(int n) {
    this.calls = n;
    return this;
  }

  public CallSimulator utterances(int n) {
    this.utterances = n;
    return this;
  }

  /** {@code twilio} or {@code plivo}. */
  public CallSimulator protocol(String protocol) {
    this.protocol = protocol;
    return this;
  }

  /** {@code stop} (send the Twilio stop message) or {@code close} (just close the socket). */
  public CallSimulator hangup(String hangup) {
    this.hangup = hangup;
    return this;
  }

  /** The caller talks over the bot's first reply (its playback mark is never confirmed). */
  public CallSimulator bargeIn() {
    this.bargeIn = true;
    return this;
  }

  /** The caller waits for the bot's greeting (and confirms it) before speaking. */
  public CallSimulator awaitGreeting() {
    this.awaitGreeting = true;
    return this;
  }

  /** The caller starts its second utterance {@code ms} after its first, before any reply audio (barge-in before playback). */
  public CallSimulator talkOverEarly(int ms) {
    this.talkOverEarlyMs = ms;
    return this;
  }

  /** After the last reply the caller stays silent on the line for {@code ms}, confirming what the bot plays. */
  public CallSimulator silenceAfter(int ms) {
    this.silenceAfterMs = ms;
    return this;
  }

  public CallSimulator timeoutSeconds(int seconds) {
    this.timeoutSeconds = seconds;
    return this;
  }

  /** Starts the simulator and returns at once; see {@link #result(ForkedJvm)}. */
  public ForkedJvm start() {
    return ForkedJvm.builder("simulator-" + protocol)
        .mainClass(Artifacts.sampleBotJar().toString(), "dev.voicetrace.sample.CallSimulator")
        .args("--url", url, "--calls", String.valueOf(calls), "--utterances", String.valueOf(utterances),
            "--protocol", protocol, "--hangup", hangup, "--timeout-s", String.valueOf(timeoutSeconds),
            "--barge-in", String.valueOf(bargeIn), "--await-greeting", String.valueOf(awaitGreeting),
            "--talk-over-early-ms", String.valueOf(talkOverEarlyMs), "--silence-after-ms", String.valueOf(silenceAfterMs))
        .start();
  }

  /** Runs the simulation to its end. */
  public Result run() {
    try (ForkedJvm jvm = start()) {
      return result(jvm, Duration.ofSeconds(timeoutSeconds + 30L));
    }
  }

  /** Waits for a started simulator to exit and parses its report. */
  public static Result result(ForkedJvm jvm, Duration timeout) {
    int exit = jvm.awaitExit(timeout);
    List<Matcher> latencies = jvm.findLines(USER_TO_BOT);
    List<Call> done = jvm.findLines(CALL_DONE).stream()
        .map(m -> new Call(m.group(1), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), m.group(4),
            latencies.stream().filter(l -> l.group(1).equals(m.group(1)))
                .sorted(java.util.Comparator.comparingInt(l -> Integer.parseInt(l.group(2))))
                .map(l -> Double.parseDouble(l.group(3)))
                .toList()))
        .toList();
    List<Matcher> summary = jvm.findLines(SIMULATION_DONE);
    if (summary.isEmpty()) {
      return new Result(done, -1, -1, -1, exit, jvm);
    }
    Matcher s = summary.get(summary.size() - 1);
    return new Result(done, Integer.parseInt(s.group(1)), Integer.parseInt(s.group(2)), Integer.parseInt(s.group(3)),
        exit, jvm);
  }
}
