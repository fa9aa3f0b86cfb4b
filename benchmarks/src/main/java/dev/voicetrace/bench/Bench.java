package dev.voicetrace.bench;

import dev.voicetrace.sample.simulator.CallOutcome;
import dev.voicetrace.sample.simulator.Simulation;
import dev.voicetrace.sample.simulator.SimulationOptions;
import dev.voicetrace.sample.simulator.TelephonyProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The benchmark harness behind {@code ./benchmarks/run.sh}. Everything runs on 127.0.0.1, every JVM it starts
 * is bounded in time and killed at the end.
 *
 * <pre>
 * (default)   start-up + CPU per call (bot JVMs), added TTFB / TTFT (load-client JVMs), JMH; writes BENCHMARKS.md
 * --quick     the same with few runs and requests, to check the harness; results only under target/
 * --soak      only the soak (10,000 WebSocket calls and 10,000 method sessions), writes its BENCHMARKS.md section
 * --runs N, --requests N (per kind, per run), --warmup N, --calls N, --soak-sessions N, --no-jmh, --no-write
 * </pre>
 */
public final class Bench {
  static final String COMMON_AGENT = "-Dotel.traces.exporter=none -Dotel.metrics.exporter=none -Dotel.logs.exporter=none";

  record Config(String name, List<String> jvmArgs) {}

  record BotRun(String config, int run, double listenMs, double firstReplyMs, double cpuAtFirstReplyMs,
      double hwmMiB, double cpuPerCallMs, double batchWallMs, double hwmAfterCallsMiB, int callsOk) {}

  private final Map<String, String> opts;
  private final Path root;
  private final Path work;
  private final Path results;
  private final List<Process> processes = new CopyOnWriteArrayList<>();
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
  private final StringBuilder log = new StringBuilder();
  private Path botJar;
  private Path vtAgent;
  private Path stockAgent;
  private Path benchClasses;
  private int fakePort;
  private int fakeFastPort;
  private long clockTicks = 100;

  Bench(Map<String, String> opts, Path root) throws IOException {
    this.opts = opts;
    this.root = root;
    this.work = root.resolve("benchmarks/target/bench-work");
    String stamp = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").format(ZonedDateTime.now());
    this.results = root.resolve("benchmarks/target/bench-results/" + stamp);
    Files.createDirectories(work.resolve("logs"));
    Files.createDirectories(results);
  }

  public static void main(String[] args) throws Exception {
    Map<String, String> opts = Args.parse(args);
    Path root = Path.of(System.getProperty("bench.root", ".")).toAbsolutePath().normalize();
    Bench bench = new Bench(opts, root);
    Runtime.getRuntime().addShutdownHook(new Thread(bench::killAll));
    int rc = 1;
    try {
      rc = bench.run();
    } finally {
      bench.killAll();
    }
    System.exit(rc);
  }

  int run() throws Exception {
    boolean quick = opts.containsKey("quick");
    boolean soak = opts.containsKey("soak");
    prepareJars();
    clockTicks = clockTicks();
    fakePort = startFake("fake-bot", List.of());
    fakeFastPort = startFake("fake-load", List.of("--chunk-ms", "0"));
    String machine = machine();
    say(machine);
    StringBuilder report = new StringBuilder();
    String command = "./benchmarks/run.sh" + (quick ? " --quick" : "") + (soak ? " --soak" : "")
        + extraArgs();
    report.append(machine).append("\n- command: `").append(command).append("`\n");
    report.append("- load average before: ").append(loadAvg()).append("\n");
    if (soak) {
      String soakReport = soak(Integer.parseInt(opts.getOrDefault("soak-sessions", "10000")));
      report.append("- load average after: ").append(loadAvg()).append("\n\n").append(soakReport);
      finish(report.toString(), opts.containsKey("no-write") ? null : "soak");
      return 0;
    }
    int runs = Integer.parseInt(opts.getOrDefault("runs", quick ? "2" : "10"));
    int requests = Integer.parseInt(opts.getOrDefault("requests", quick ? "100" : "200"));
    int warmup = Integer.parseInt(opts.getOrDefault("warmup", quick ? "300" : "1500"));
    int calls = Integer.parseInt(opts.getOrDefault("calls", "50"));
    List<Config> configs = configs();

    List<BotRun> botRuns = new ArrayList<>();
    for (int run = 1; run <= runs; run++) {
      for (Config c : rotate(configs, run)) {
        BotRun r = botRun(c, run, calls);
        say(String.format(Locale.ROOT, "bot run %d %-16s listen %6.0f ms  first reply %6.0f ms  cpu %6.0f ms  hwm %5.0f MiB"
            + "  cpu/call %5.1f ms  (%d/%d calls ok)", run, c.name(), r.listenMs(), r.firstReplyMs(),
            r.cpuAtFirstReplyMs(), r.hwmMiB(), r.cpuPerCallMs(), r.callsOk(), calls));
        botRuns.add(r);
      }
    }
    Map<String, Map<String, List<Double>>> load = new LinkedHashMap<>();
    Map<String, Map<String, List<Double>>> loadRunMedians = new LinkedHashMap<>();
    for (int run = 1; run <= runs; run++) {
      for (Config c : rotate(configs, run)) {
        Map<String, List<Double>> samples = loadRun(c, run, warmup, requests);
        for (Map.Entry<String, List<Double>> e : samples.entrySet()) {
          load.computeIfAbsent(c.name(), k -> new TreeMap<>()).computeIfAbsent(e.getKey(), k -> new ArrayList<>())
              .addAll(e.getValue());
          loadRunMedians.computeIfAbsent(c.name(), k -> new TreeMap<>())
              .computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(Stats.median(Stats.of(e.getValue())));
        }
        say(String.format(Locale.ROOT, "load run %d %-16s chat median %7.1f us  tts median %7.1f us", run, c.name(),
            Stats.median(Stats.of(samples.get("chat"))), Stats.median(Stats.of(samples.get("tts")))));
      }
    }
    String jmh = opts.containsKey("no-jmh") ? "" : jmh(quick);
    report.append("- load average after: ").append(loadAvg()).append("\n");
    report.append(String.format(Locale.ROOT, "- %d interleaved runs per configuration (the order of the configurations"
        + " rotates from run to run); %d measured requests of each kind per load-client run after %d warm-up"
        + " requests of each kind; %d concurrent calls of 2 utterances per bot run\n\n", runs, requests, warmup, calls));
    report.append(botReport(configs, botRuns, calls));
    report.append(loadReport(configs, load, loadRunMedians, runs, requests));
    report.append(jmh);
    writeRaw(botRuns, load);
    finish(report.toString(), quick || opts.containsKey("no-write") ? null : "main");
    return 0;
  }

  private String extraArgs() {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, String> e : opts.entrySet()) {
      if (e.getKey().equals("quick") || e.getKey().equals("soak")) {
        continue;
      }
      s.append(" --").append(e.getKey());
      if (!e.getValue().equals("true")) {
        s.append(' ').append(e.getValue());
      }
    }
    return s.toString();
  }

  // ---------------------------------------------------------------- configurations

  List<Config> configs() {
    List<String> common = List.of(COMMON_AGENT.split(" "));
    List<Config> out = new ArrayList<>();
    out.add(new Config("none", List.of()));
    out.add(new Config("stock 2.31.1", concat(List.of("-javaagent:" + stockAgent), common)));
    out.add(new Config("voicetrace", concat(List.of("-javaagent:" + vtAgent), common)));
    out.add(new Config("voicetrace full", concat(List.of("-javaagent:" + vtAgent), common,
        List.of("-Dotel.instrumentation.voicetrace.profile=full"))));
    return out;
  }

  @SafeVarargs
  static List<String> concat(List<String>... lists) {
    List<String> out = new ArrayList<>();
    for (List<String> l : lists) {
      out.addAll(l);
    }
    return out;
  }

  /** Run r starts with configuration (r-1) mod n: every configuration takes every position equally often. */
  static List<Config> rotate(List<Config> configs, int run) {
    List<Config> out = new ArrayList<>();
    for (int i = 0; i < configs.size(); i++) {
      out.add(configs.get((i + run - 1) % configs.size()));
    }
    return out;
  }

  // ---------------------------------------------------------------- bot runs: start-up and CPU per call

  BotRun botRun(Config c, int run, int calls) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(c.jvmArgs());
    cmd.addAll(List.of("-jar", botJar.toString(), "--port", "0",
        "--openai-base-url", "http://127.0.0.1:" + fakePort + "/v1",
        "--elevenlabs-base-url", "http://127.0.0.1:" + fakePort));
    Path logFile = work.resolve("logs/bot-" + slug(c.name()) + "-" + run + ".log");
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    long t0 = System.nanoTime();
    Process p = start(cmd, logFile, lines);
    try {
      String listening = await(lines, "VOICE_BOT_LISTENING", 120);
      long tListen = System.nanoTime();
      Matcher m = Pattern.compile("port=(\\d+)").matcher(listening);
      if (!m.find()) {
        throw new IllegalStateException(listening);
      }
      URI url = URI.create("ws://127.0.0.1:" + m.group(1) + "/media");
      long[] at = new long[3];
      FirstCall.place(http, url, () -> {
        at[0] = System.nanoTime();
        at[1] = cpuNanos(p.pid());
        at[2] = hwmKiB(p.pid());
      }, TimeUnit.SECONDS.toNanos(60));
      if (at[0] == 0) {
        throw new IllegalStateException("first call got no reply");
      }
      // warm-up (not measured), then the measured batch
      simulate(url, 5, 1);
      long cpu0 = cpuNanos(p.pid());
      long w0 = System.nanoTime();
      List<CallOutcome> outcomes = simulate(url, calls, 2);
      long cpu1 = cpuNanos(p.pid());
      long w1 = System.nanoTime();
      int ok = (int) outcomes.stream().filter(CallOutcome::ok).count();
      return new BotRun(c.name(), run, ms(tListen - t0), ms(at[0] - t0), at[1] / 1e6, at[2] / 1024.0,
          (cpu1 - cpu0) / 1e6 / calls, ms(w1 - w0), hwmKiB(p.pid()) / 1024.0, ok);
    } finally {
      stop(p);
    }
  }

  List<CallOutcome> simulate(URI url, int calls, int utterances) {
    SimulationOptions o = new SimulationOptions(url, calls, utterances, TelephonyProvider.Kind.TWILIO, true,
        Duration.ofSeconds(120));
    return new Simulation(o).run(outcome -> {});
  }

  // ---------------------------------------------------------------- load-client runs: added TTFB / TTFT

  Map<String, List<Double>> loadRun(Config c, int run, int warmup, int requests) throws Exception {
    Path out = work.resolve("load-" + slug(c.name()) + "-" + run + ".txt");
    Files.deleteIfExists(out);
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(c.jvmArgs());
    cmd.add("-Dotel.instrumentation.voicetrace.session.methods=dev.voicetrace.bench.LoadClient[session]");
    cmd.addAll(List.of("-cp", benchClasses + java.io.File.pathSeparator + botJar, "dev.voicetrace.bench.LoadClient",
        "--base", "http://127.0.0.1:" + fakeFastPort, "--warmup", Integer.toString(warmup),
        "--requests", Integer.toString(requests), "--per-session", "5", "--out", out.toString()));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = start(cmd, work.resolve("logs/load-" + slug(c.name()) + "-" + run + ".log"), lines);
    try {
      await(lines, "LOAD_DONE", 600);
      p.waitFor(30, TimeUnit.SECONDS);
    } finally {
      stop(p);
    }
    Map<String, List<Double>> samples = new TreeMap<>();
    for (String line : Files.readAllLines(out)) {
      String[] kv = line.split(" ");
      samples.computeIfAbsent(kv[0], k -> new ArrayList<>()).add(Long.parseLong(kv[1]) / 1000.0);
    }
    return samples;
  }

  // ---------------------------------------------------------------- JMH

  String jmh(boolean quick) throws Exception {
    Path csv = results.resolve("jmh.csv");
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-cp",
        benchClasses + java.io.File.pathSeparator + root.resolve("benchmarks/target/lib") + "/*",
        "org.openjdk.jmh.Main", "-rf", "csv", "-rff", csv.toString()));
    if (quick) {
      cmd.addAll(List.of("-wi", "1", "-i", "2", "-w", "1s", "-r", "1s"));
    }
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process p = start(cmd, work.resolve("logs/jmh.log"), lines);
    try {
      if (!p.waitFor(20, TimeUnit.MINUTES)) {
        throw new IllegalStateException("JMH did not finish in 20 minutes");
      }
    } finally {
      stop(p);
    }
    StringBuilder s = new StringBuilder("### JMH: voice-core hot paths\n\n");
    s.append("JMH 1.37, 1 fork, ").append(quick ? "1 × 1 s warm-up, 2 × 1 s" : "3 × 1 s warm-up, 5 × 1 s")
        .append(" measurement, average time, single thread, no agent.\n\n");
    s.append("| benchmark | param | ns/op | ± (99.9 %) |\n|---|---|---:|---:|\n");
    List<String> rows = Files.readAllLines(csv);
    for (String row : rows.subList(1, rows.size())) {
      List<String> f = csvFields(row);
      String name = f.get(0).replace("dev.voicetrace.bench.jmh.", "").replace("dev.voicetrace.core.session.", "");
      String param = f.size() > 7 ? f.get(7) : "";
      s.append(String.format(Locale.ROOT, "| `%s` | %s | %.1f | %.1f |\n", name,
          param.isEmpty() ? "" : "chunkBytes=" + param, Double.parseDouble(f.get(4)), Double.parseDouble(f.get(5))));
    }
    return s.append('\n').toString();
  }

  static List<String> csvFields(String row) {
    List<String> out = new ArrayList<>();
    Matcher m = Pattern.compile("\"([^\"]*)\"|([^,]+)|(?<=,)(?=,|$)").matcher(row);
    while (m.find()) {
      out.add(m.group(1) != null ? m.group(1) : m.group(2) != null ? m.group(2) : "");
    }
    return out;
  }

  // ---------------------------------------------------------------- soak

  String soak(int sessions) throws Exception {
    StringBuilder s = new StringBuilder();
    s.append("### Soak\n\n");
    List<String> vt = configs().get(2).jvmArgs();
    // 1: the sample bot under voicetrace, WebSocket calls
    List<String> cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(vt);
    cmd.addAll(List.of("-jar", botJar.toString(), "--port", "0",
        "--openai-base-url", "http://127.0.0.1:" + fakePort + "/v1",
        "--elevenlabs-base-url", "http://127.0.0.1:" + fakePort));
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    Process bot = start(cmd, work.resolve("logs/soak-bot.log"), lines);
    try {
      Matcher m = Pattern.compile("port=(\\d+)").matcher(await(lines, "VOICE_BOT_LISTENING", 120));
      m.find();
      URI url = URI.create("ws://127.0.0.1:" + m.group(1) + "/media");
      int failed = 0;
      for (int i = 0; i < 2; i++) {
        failed += failures(simulate(url, 50, 0));
      }
      failed += failures(simulate(url, 10, 1));
      Thread.sleep(SETTLE_MS);
      Snapshot before = snapshot(bot.pid());
      long t0 = System.nanoTime();
      int done = 0;
      int withTurns = 0;
      for (int batch = 0; done < sessions; batch++) {
        if (batch % 20 == 19) {
          failed += failures(simulate(url, 10, 1));
          withTurns += 10;
          done += 10;
        }
        int n = Math.min(50, sessions - done);
        if (n > 0) {
          failed += failures(simulate(url, n, 0));
          done += n;
        }
        if (batch % 40 == 0) {
          say("soak: " + done + " WebSocket calls");
        }
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      Thread.sleep(5000); // past the 1.5 s turn quiet gap
      Snapshot after = snapshot(bot.pid());
      Thread.sleep(SETTLE_MS - 5000);
      Snapshot settled = snapshot(bot.pid());
      s.append(String.format(Locale.ROOT, "**Sample bot (Tyrus WebSocket sessions), voicetrace `voice` profile.**"
              + " %d calls (%d of them with one utterance, i.e. one turn with STT, chat and TTS; the others"
              + " `connected`, `start`, `stop`, close), 50 at a time, in %.0f s; %d failed. Baseline 65 s after 110"
              + " warm-up calls; then 5 s and 65 s after the last call; each after `jcmd <pid> GC.run`.\n\n",
          done, withTurns, seconds, failed));
      s.append(snapshotTable(before, after, settled));
    } finally {
      stop(bot);
    }
    // 2: method sessions in the load client
    cmd = new ArrayList<>();
    cmd.add(javaBin());
    cmd.addAll(vt);
    cmd.add("-Dotel.instrumentation.voicetrace.session.methods=dev.voicetrace.bench.LoadClient[session]");
    cmd.addAll(List.of("-cp", benchClasses + java.io.File.pathSeparator + botJar, "dev.voicetrace.bench.LoadClient",
        "--base", "http://127.0.0.1:" + fakeFastPort, "--soak", Integer.toString(sessions)));
    lines = new LinkedBlockingQueue<>();
    Process app = start(cmd, work.resolve("logs/soak-load.log"), lines);
    try {
      await(lines, "SOAK_BASELINE", 300);
      Thread.sleep(SETTLE_MS);
      Snapshot before = snapshot(app.pid());
      OutputStream in = app.getOutputStream();
      in.write('\n');
      in.flush();
      String doneLine = await(lines, "SOAK_DONE", 1800);
      Thread.sleep(5000);
      Snapshot after = snapshot(app.pid());
      Thread.sleep(SETTLE_MS - 5000);
      Snapshot settled = snapshot(app.pid());
      in.write('\n');
      in.flush();
      s.append(String.format(Locale.ROOT, "**Method sessions** (`session.methods=dev.voicetrace.bench.LoadClient[session]`),"
          + " voicetrace `voice` profile: %s, each session one streaming chat request (openai-java) and one streaming"
          + " TTS request (JDK HttpClient), one after the other. Baseline 65 s after 200 warm-up sessions; then 5 s"
          + " and 65 s after the last session; each after `jcmd <pid> GC.run`.\n\n", doneLine));
      s.append(snapshotTable(before, after, settled));
    } finally {
      stop(app);
    }
    return s.toString();
  }

  static final long SETTLE_MS = 65_000; // past the 60 s stream.abandon-timeout watchdog of each stage

  static long total(Snapshot s) {
    return s.classes().values().stream().mapToLong(v -> v[0]).sum();
  }

  static int failures(List<CallOutcome> outcomes) {
    return (int) outcomes.stream().filter(o -> !o.ok()).count();
  }

  record Snapshot(int threads, Map<String, long[]> classes) {}

  Snapshot snapshot(long pid) throws Exception {
    exec(List.of(jcmd(), Long.toString(pid), "GC.run"));
    String histo = exec(List.of(jcmd(), Long.toString(pid), "GC.class_histogram"));
    Files.writeString(results.resolve("histogram-" + pid + "-" + System.nanoTime() + ".txt"), histo);
    Map<String, long[]> classes = new TreeMap<>();
    Pattern row = Pattern.compile("^\\s*\\d+:\\s+(\\d+)\\s+(\\d+)\\s+(\\S+)");
    for (String line : histo.split("\n")) {
      Matcher m = row.matcher(line);
      if (m.find() && m.group(3).startsWith("dev.voicetrace.") && !m.group(3).startsWith("dev.voicetrace.sample.")
          && !m.group(3).startsWith("dev.voicetrace.bench.")) {
        String name = m.group(3).replaceAll("\\$\\$Lambda\\$\\d+/0x[0-9a-f]+", "\\$\\$Lambda");
        long[] v = classes.computeIfAbsent(name, k -> new long[2]);
        v[0] += Long.parseLong(m.group(1));
        v[1] += Long.parseLong(m.group(2));
      }
    }
    return new Snapshot(threads(pid), classes);
  }

  static String snapshotTable(Snapshot before, Snapshot after, Snapshot settled) {
    StringBuilder s = new StringBuilder();
    s.append(String.format(Locale.ROOT, "Live threads: %d at the baseline, %d 5 s after, %d 65 s after.\n\n",
        before.threads(), after.threads(), settled.threads()));
    s.append(String.format(Locale.ROOT, "`dev.voicetrace` objects (voicetrace's own classes, all loaders; the bot's"
        + " and harness's classes left out): %d at the baseline, %d 5 s after, %d 65 s after.\n\n",
        total(before), total(after), total(settled)));
    s.append("| class | instances at baseline | 5 s after | 65 s after | bytes 65 s after |\n|---|---:|---:|---:|---:|\n");
    java.util.Set<String> names = new java.util.TreeSet<>(before.classes().keySet());
    names.addAll(after.classes().keySet());
    names.addAll(settled.classes().keySet());
    for (String n : names) {
      long[] b = before.classes().getOrDefault(n, new long[2]);
      long[] a = after.classes().getOrDefault(n, new long[2]);
      long[] z = settled.classes().getOrDefault(n, new long[2]);
      s.append(String.format(Locale.ROOT, "| `%s` | %d | %d | %d | %d |\n", n, b[0], a[0], z[0], z[1]));
    }
    return s.append('\n').toString();
  }

  // ---------------------------------------------------------------- reports

  String botReport(List<Config> configs, List<BotRun> runs, int calls) {
    StringBuilder s = new StringBuilder();
    s.append("### Start-up to the first call answered\n\n");
    s.append("From launching `java [agent] -jar sample-bot.jar` to the first reply audio frame of the first call"
        + " reaching the caller (the call is placed as soon as the bot prints `VOICE_BOT_LISTENING`; the caller"
        + " speaks 1 s and pauses 0.6 s in real time, as a phone line does, so about 2 s of every value is the"
        + " call itself). CPU (user + system, `/proc/<pid>/stat`) and peak RSS (`VmHWM`, `/proc/<pid>/status`) of"
        + " the bot JVM are read the moment that frame arrives.\n\n");
    s.append(table(configs, runs, "wall to first reply (ms)", BotRun::firstReplyMs, "%.0f"));
    s.append(table(configs, runs, "CPU to first reply (ms)", BotRun::cpuAtFirstReplyMs, "%.0f"));
    s.append(table(configs, runs, "peak RSS at first reply (MiB)", BotRun::hwmMiB, "%.0f"));
    s.append(table(configs, runs, "wall to `VOICE_BOT_LISTENING` (ms)", BotRun::listenMs, "%.0f"));
    s.append("### CPU per call\n\n");
    s.append("Bot JVM CPU time (user + system) during " + calls + " concurrent simulated Twilio calls of 2"
        + " utterances each (STT, streaming chat and streaming TTS per utterance), divided by " + calls
        + "; measured after the first call and 5 warm-up calls in the same JVM.\n\n");
    s.append(table(configs, runs, "CPU per call (ms)", BotRun::cpuPerCallMs, "%.1f"));
    s.append(table(configs, runs, "peak RSS after the calls (MiB)", BotRun::hwmAfterCallsMiB, "%.0f"));
    long failedRuns = runs.stream().filter(r -> r.callsOk() != calls).count();
    s.append(String.format(Locale.ROOT, "Calls that did not hear every reply: %d runs out of %d had any.\n\n",
        failedRuns, runs.size()));
    return s.toString();
  }

  static String table(List<Config> configs, List<BotRun> runs, String what,
      java.util.function.ToDoubleFunction<BotRun> f, String fmt) {
    Map<String, double[]> values = new LinkedHashMap<>();
    for (Config c : configs) {
      values.put(c.name(), runs.stream().filter(r -> r.config().equals(c.name())).mapToDouble(f).toArray());
    }
    double none = Stats.median(values.get("none"));
    double stock = Stats.median(values.get("stock 2.31.1"));
    StringBuilder s = new StringBuilder();
    s.append("| ").append(what).append(" | n | median | IQR (q1–q3) | × none | × stock |\n|---|---:|---:|---:|---:|---:|\n");
    for (Map.Entry<String, double[]> e : values.entrySet()) {
      double[] v = e.getValue();
      double med = Stats.median(v);
      s.append(String.format(Locale.ROOT, "| %s | %d | " + fmt + " | " + fmt + "–" + fmt + " | %.2f | %.2f |\n",
          e.getKey(), v.length, med, Stats.quantile(v, 0.25), Stats.quantile(v, 0.75), med / none, med / stock));
    }
    return s.append('\n').toString();
  }

  String loadReport(List<Config> configs, Map<String, Map<String, List<Double>>> load,
      Map<String, Map<String, List<Double>>> runMedians, int runs, int requests) {
    StringBuilder s = new StringBuilder();
    s.append("### Added time to first audio byte (TTS) and first token (LLM)\n\n");
    s.append("A load client (`dev.voicetrace.bench.LoadClient`, a JVM per run and configuration) makes ElevenLabs"
        + " streaming TTS requests with the JDK `HttpClient` (send → first body byte) and OpenAI streaming chat"
        + " requests with openai-java on OkHttp (send → first streamed chunk) against the fake providers"
        + " (`--ttfb-ms 0 --chunk-ms 0`), inside voice sessions (`-Dotel.instrumentation.voicetrace.session.methods="
        + "dev.voicetrace.bench.LoadClient[session]`, 5 chat + 5 TTS requests per session). Client-side times in"
        + " µs; “added” is the difference of medians against the same statistic without an agent. Per-run medians:"
        + " the median of each run's median and the IQR across runs.\n\n");
    for (String kind : List.of("tts", "chat")) {
      s.append("| ").append(kind.equals("tts") ? "TTS: send → first audio byte" : "chat: send → first chunk")
          .append(" | requests | median µs | p99 µs | IQR µs | added median vs none | added p99 vs none |"
              + " added median vs stock | per-run medians: median (IQR) µs |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
      double[] none = Stats.of(load.get("none").get(kind));
      double[] stock = Stats.of(load.get("stock 2.31.1").get(kind));
      for (Config c : configs) {
        double[] v = Stats.of(load.get(c.name()).get(kind));
        double[] rm = Stats.of(runMedians.get(c.name()).get(kind));
        double med = Stats.median(v);
        double p99 = Stats.quantile(v, 0.99);
        s.append(String.format(Locale.ROOT, "| %s | %d | %.0f | %.0f | %.0f–%.0f | %+.0f | %+.0f | %+.0f | %.0f (%.0f–%.0f) |\n",
            c.name(), v.length, med, p99, Stats.quantile(v, 0.25), Stats.quantile(v, 0.75),
            med - Stats.median(none), p99 - Stats.quantile(none, 0.99), med - Stats.median(stock),
            Stats.median(rm), Stats.quantile(rm, 0.25), Stats.quantile(rm, 0.75)));
      }
      s.append('\n');
    }
    return s.toString();
  }

  void writeRaw(List<BotRun> botRuns, Map<String, Map<String, List<Double>>> load) throws IOException {
    StringBuilder b = new StringBuilder("config,run,listen_ms,first_reply_ms,cpu_at_first_reply_ms,hwm_mib,"
        + "cpu_per_call_ms,batch_wall_ms,hwm_after_calls_mib,calls_ok\n");
    for (BotRun r : botRuns) {
      b.append(String.format(Locale.ROOT, "%s,%d,%.1f,%.1f,%.1f,%.1f,%.2f,%.1f,%.1f,%d\n", r.config(), r.run(),
          r.listenMs(), r.firstReplyMs(), r.cpuAtFirstReplyMs(), r.hwmMiB(), r.cpuPerCallMs(), r.batchWallMs(),
          r.hwmAfterCallsMiB(), r.callsOk()));
    }
    Files.writeString(results.resolve("bot-runs.csv"), b);
    StringBuilder l = new StringBuilder("config,kind,us\n");
    load.forEach((c, kinds) -> kinds.forEach((k, v) -> v.forEach(x -> l.append(c).append(',').append(k).append(',')
        .append(String.format(Locale.ROOT, "%.1f", x)).append('\n'))));
    Files.writeString(results.resolve("load-samples.csv"), l);
  }

  /** Writes the report under target/ and, unless quick, between the markers of BENCHMARKS.md. */
  void finish(String report, String section) throws IOException {
    Files.writeString(results.resolve("report.md"), report);
    System.out.println();
    System.out.println(report);
    say("results in " + results);
    if (section == null) {
      return;
    }
    Path md = root.resolve("BENCHMARKS.md");
    String begin = "<!-- " + section + "-results:begin -->";
    String end = "<!-- " + section + "-results:end -->";
    String text = Files.exists(md) ? Files.readString(md) : "# Benchmarks\n\n" + begin + "\n" + end + "\n";
    int i = text.indexOf(begin);
    int j = text.indexOf(end);
    if (i < 0 || j < i) {
      text = text + "\n" + begin + "\n" + end + "\n";
      i = text.indexOf(begin);
      j = text.indexOf(end);
    }
    text = text.substring(0, i + begin.length()) + "\n" + report + text.substring(j);
    Files.writeString(md, text);
    say("updated " + md);
  }

  // ---------------------------------------------------------------- processes and /proc

  void prepareJars() throws IOException {
    Path jars = work.resolve("jars");
    Files.createDirectories(jars);
    // copies: other builds may rewrite the originals while a run is in progress
    botJar = copy(root.resolve("sample-bot/target/sample-bot.jar"), jars);
    vtAgent = copy(root.resolve("agent/target/voicetrace-javaagent.jar"), jars);
    stockAgent = copy(root.resolve("benchmarks/target/agents/opentelemetry-javaagent-2.31.1.jar"), jars);
    benchClasses = root.resolve("benchmarks/target/classes");
  }

  static Path copy(Path from, Path dir) throws IOException {
    if (!Files.exists(from)) {
      throw new IllegalStateException(from + " is missing: build it first (./benchmarks/run.sh does)");
    }
    return Files.copy(from, dir.resolve(from.getFileName()), StandardCopyOption.REPLACE_EXISTING);
  }

  int startFake(String name, List<String> extra) throws Exception {
    // TCP_NODELAY on the JDK HttpServer: otherwise Nagle + delayed ACK put ~40 ms between the headers and the
    // first body chunk of every streamed response, which would drown the microseconds being measured
    List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Dsun.net.httpserver.nodelay=true", "-cp",
        botJar.toString(), "dev.voicetrace.sample.FakeProviderServer", "--port", "0"));
    cmd.addAll(extra);
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    start(cmd, work.resolve("logs/" + name + ".log"), lines);
    Matcher m = Pattern.compile("port=(\\d+)").matcher(await(lines, "FAKE_PROVIDERS_LISTENING", 60));
    m.find();
    return Integer.parseInt(m.group(1));
  }

  Process start(List<String> cmd, Path logFile, BlockingQueue<String> lines) throws IOException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectError(logFile.toFile());
    Process p = pb.start();
    processes.add(p);
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          lines.add(line);
        }
      } catch (IOException ignored) {
        // process ended
      }
      lines.add("<<EOF>>");
    }, "stdout-" + p.pid());
    reader.setDaemon(true);
    reader.start();
    return p;
  }

  static String await(BlockingQueue<String> lines, String prefix, int seconds) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (true) {
      String line = lines.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (line == null) {
        throw new IllegalStateException("no " + prefix + " line within " + seconds + " s");
      }
      if (line.equals("<<EOF>>")) {
        throw new IllegalStateException("process ended before printing " + prefix);
      }
      if (line.startsWith(prefix)) {
        return line;
      }
    }
  }

  void stop(Process p) {
    p.destroy();
    try {
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      p.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    processes.remove(p);
  }

  void killAll() {
    for (Process p : processes) {
      p.destroyForcibly();
    }
    processes.clear();
  }

  long cpuNanos(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after the command: state is field 3, utime field 14, stime field 15 (1-based, whole line)
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1_000_000_000L / clockTicks;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static long hwmKiB(long pid) {
    return statusField(pid, "VmHWM:");
  }

  static int threads(long pid) {
    return (int) statusField(pid, "Threads:");
  }

  static long statusField(long pid, String key) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
        if (line.startsWith(key)) {
          return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
        }
      }
      return -1;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  long clockTicks() {
    try {
      return Long.parseLong(exec(List.of("getconf", "CLK_TCK")).trim());
    } catch (Exception e) {
      return 100;
    }
  }

  String exec(List<String> cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    processes.add(p);
    try {
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(120, TimeUnit.SECONDS)) {
        throw new IllegalStateException(cmd + " did not finish");
      }
      return new String(out, StandardCharsets.UTF_8);
    } finally {
      p.destroyForcibly();
      processes.remove(p);
    }
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  static String jcmd() {
    Path p = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    return Files.exists(p) ? p.toString() : "jcmd";
  }

  String machine() throws Exception {
    String cpu = "?";
    for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
      if (line.startsWith("model name")) {
        cpu = line.substring(line.indexOf(':') + 1).trim();
        break;
      }
    }
    long memKiB = -1;
    for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
      if (line.startsWith("MemTotal:")) {
        memKiB = Long.parseLong(line.replaceAll("\\D", ""));
      }
    }
    return String.format(Locale.ROOT, "- date: %s%n- machine: %d CPUs (`nproc`), %s, %.1f GiB memory, %s%n"
            + "- JDK: %s %s (%s)%n- agents: stock `opentelemetry-javaagent-2.31.1.jar`, `voicetrace-javaagent.jar`"
            + " built %s; every agent run with `%s` (nothing is exported, so exporting is not measured; spans are"
            + " still created and recorded)",
        ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME),
        Runtime.getRuntime().availableProcessors(), cpu, memKiB / 1024.0 / 1024.0,
        exec(List.of("uname", "-sr")).trim(), System.getProperty("java.vm.name"), System.getProperty("java.version"),
        System.getProperty("java.vendor"),
        Files.getLastModifiedTime(root.resolve("agent/target/voicetrace-javaagent.jar")), COMMON_AGENT);
  }

  static String loadAvg() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).trim();
    } catch (IOException e) {
      return "?";
    }
  }

  static double ms(long nanos) {
    return nanos / 1e6;
  }

  static String slug(String s) {
    return s.replaceAll("[^A-Za-z0-9.]+", "-");
  }

  void say(String s) {
    System.out.println("[bench] " + s);
    System.out.flush();
  }
}
