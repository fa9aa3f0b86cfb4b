package dev.voicetrace.smoke.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A child JVM whose stdout and stderr are each copied to a file under {@code target/smoke-logs} and
 * kept in memory, so that tests can wait for a line. {@link #stop()} sends SIGTERM
 * ({@link Process#destroy()}), waits with a deadline, then kills.
 */
public final class ForkedJvm implements AutoCloseable {

  private static final AtomicInteger SEQ = new AtomicInteger();
  /** Children still running when the test JVM exits (e.g. after a crash) are killed, never orphaned. */
  private static final java.util.Set<Process> LIVE = java.util.concurrent.ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly), "forked-jvm-reaper"));
  }
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

  /** One line of output and the stream it came from. */
  public record Line(String stream, String text) {
    @Override
    public String toString() {
      return "[" + stream + "] " + text;
    }
  }

  private final String name;
  private final List<String> command;
  private final Process process;
  private final Path stdoutFile;
  private final Path stderrFile;
  private final Object lock = new Object();
  private final List<Line> lines = new ArrayList<>();
  private final List<Thread> pumps = new ArrayList<>();
  private int openStreams = 2;

  private ForkedJvm(String name, List<String> command, Path logDir) throws IOException {
    this.name = name;
    this.command = List.copyOf(command);
    prepareLogDir(logDir);
    String base = String.format("%03d-%s", SEQ.incrementAndGet(), name.replaceAll("[^A-Za-z0-9._-]", "_"));
    this.stdoutFile = logDir.resolve(base + ".stdout.log");
    this.stderrFile = logDir.resolve(base + ".stderr.log");
    Files.writeString(logDir.resolve(base + ".command.txt"), String.join(" ", command) + "\n");
    this.process = new ProcessBuilder(command).start();
    LIVE.add(process);
    process.onExit().thenRun(() -> LIVE.remove(process));
    process.getOutputStream().close();
    pumps.add(pump("stdout", process.getInputStream(), stdoutFile));
    pumps.add(pump("stderr", process.getErrorStream(), stderrFile));
  }

  private static final java.util.Set<Path> PREPARED_LOG_DIRS = java.util.concurrent.ConcurrentHashMap.newKeySet();

  /** Creates the log directory and, the first time in this test run, removes the logs of earlier runs. */
  private static void prepareLogDir(Path logDir) throws IOException {
    Files.createDirectories(logDir);
    if (PREPARED_LOG_DIRS.add(logDir.toAbsolutePath())) {
      try (var old = Files.list(logDir)) {
        for (Path p : old.filter(f -> f.toString().endsWith(".log") || f.toString().endsWith(".command.txt")).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  private Thread pump(String stream, InputStream in, Path file) throws IOException {
    Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    Thread t = new Thread(() -> {
      try (writer; BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        String line;
        while ((line = reader.readLine()) != null) {
          writer.write(line);
          writer.write('\n');
          writer.flush();
          synchronized (lock) {
            lines.add(new Line(stream, line));
            lock.notifyAll();
          }
        }
      } catch (IOException e) {
        synchronized (lock) {
          lines.add(new Line(stream, "<<harness: stream error " + e + ">>"));
        }
      } finally {
        synchronized (lock) {
          openStreams--;
          lock.notifyAll();
        }
      }
    }, "pump-" + name + "-" + stream);
    t.setDaemon(true);
    t.start();
    return t;
  }

  public String name() {
    return name;
  }

  public long pid() {
    return process.pid();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public Path stdoutFile() {
    return stdoutFile;
  }

  public List<Line> lines() {
    synchronized (lock) {
      return List.copyOf(lines);
    }
  }

  /** Everything printed so far on both streams, one line each, in arrival order. */
  public String output() {
    StringBuilder sb = new StringBuilder();
    for (Line l : lines()) {
      sb.append(l.text()).append('\n');
    }
    return sb.toString();
  }

  /**
   * Waits for a line (of either stream) in which {@code pattern} is found, searching everything printed
   * since start; returns the matcher. Fails at the deadline, or as soon as the process has exited
   * without printing it.
   */
  public Matcher awaitLine(Pattern pattern, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    int scanned = 0;
    synchronized (lock) {
      while (true) {
        for (; scanned < lines.size(); scanned++) {
          Matcher m = pattern.matcher(lines.get(scanned).text());
          if (m.find()) {
            return m;
          }
        }
        if (openStreams == 0) {
          awaitExitQuietly();
          throw new AssertionError(name + " ended (exit " + exitCodeOrAlive() + ") without printing a line matching /"
              + pattern + "/\n" + tail());
        }
        long remainingMillis = (deadline - System.nanoTime()) / 1_000_000;
        if (remainingMillis <= 0) {
          throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + name
              + " to print a line matching /" + pattern + "/\n" + tail());
        }
        try {
          lock.wait(remainingMillis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new AssertionError("interrupted", e);
        }
      }
    }
  }

  /** All matches of {@code pattern} in the output so far, one per line that matches. */
  public List<Matcher> findLines(Pattern pattern) {
    List<Matcher> out = new ArrayList<>();
    for (Line l : lines()) {
      Matcher m = pattern.matcher(l.text());
      if (m.find()) {
        out.add(m);
      }
    }
    return out;
  }

  /** Waits for the process to exit by itself and for its output to be fully read; returns the exit code. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError("Timed out after " + timeout.toMillis() + " ms waiting for " + name + " to exit\n"
            + tail());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    }
    joinPumps();
    return process.exitValue();
  }

  /** SIGTERM, wait up to 20 s, then SIGKILL; returns the exit code. Idempotent. */
  public int stop() {
    return stop(STOP_TIMEOUT);
  }

  public int stop(Duration timeout) {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        process.destroyForcibly();
        Thread.currentThread().interrupt();
      }
    }
    joinPumps();
    return process.isAlive() ? -1 : process.exitValue();
  }

  private void joinPumps() {
    for (Thread t : pumps) {
      try {
        t.join(5_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void awaitExitQuietly() {
    try {
      process.waitFor(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private String exitCodeOrAlive() {
    return process.isAlive() ? "still running" : String.valueOf(process.exitValue());
  }

  /** The last 60 lines of output, for failure messages. */
  public String tail() {
    List<Line> all = lines();
    List<Line> last = all.subList(Math.max(0, all.size() - 60), all.size());
    StringBuilder sb = new StringBuilder("--- last ").append(last.size()).append(" of ").append(all.size())
        .append(" lines of ").append(name).append(" (full logs: ").append(stdoutFile).append(", ")
        .append(stderrFile.getFileName()).append(") ---\n");
    last.forEach(l -> sb.append(l).append('\n'));
    return sb.toString();
  }

  @Override
  public void close() {
    stop();
  }

  @Override
  public String toString() {
    return name + " pid " + process.pid() + ": " + String.join(" ", command);
  }

  /** Builds the command line of a child JVM. */
  public static final class Builder {
    private final String name;
    private Path javaHome = defaultJavaHome();
    private Path javaagent;
    private final Map<String, String> systemProperties = new LinkedHashMap<>();
    private final List<String> jvmArgs = new ArrayList<>();
    private Path jar;
    private String classpath;
    private String mainClass;
    private final List<String> args = new ArrayList<>();
    private Path logDir = Artifacts.buildDir().resolve("smoke-logs");

    private Builder(String name) {
      this.name = name;
    }

    /** {@code -Dsmoke.javaHome=/usr/lib/jvm/temurin-25-jdk-amd64} runs every child on that JDK. */
    private static Path defaultJavaHome() {
      String home = System.getProperty("smoke.javaHome");
      return Path.of(home != null && !home.isBlank() ? home : System.getProperty("java.home"));
    }

    /** Another JDK, e.g. {@code /usr/lib/jvm/temurin-25-jdk-amd64}; default: the one running the tests. */
    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    public Builder javaagent(Path agentJar) {
      this.javaagent = agentJar;
      return this;
    }

    public Builder systemProperty(String key, String value) {
      systemProperties.put(key, value);
      return this;
    }

    public Builder systemProperties(Map<String, String> properties) {
      systemProperties.putAll(properties);
      return this;
    }

    public Builder jvmArg(String arg) {
      jvmArgs.add(arg);
      return this;
    }

    public Builder jar(Path jar) {
      this.jar = jar;
      this.classpath = null;
      this.mainClass = null;
      return this;
    }

    public Builder mainClass(String classpath, String mainClass) {
      this.classpath = classpath;
      this.mainClass = mainClass;
      this.jar = null;
      return this;
    }

    public Builder args(String... more) {
      args.addAll(List.of(more));
      return this;
    }

    public Builder args(List<String> more) {
      args.addAll(more);
      return this;
    }

    public Builder logDir(Path dir) {
      this.logDir = dir;
      return this;
    }

    public List<String> command() {
      List<String> cmd = new ArrayList<>();
      cmd.add(javaHome.resolve("bin").resolve("java").toString());
      cmd.add("-Xmx256m");
      cmd.add("-XX:TieredStopAtLevel=1"); // faster start-up on 2 cores; these JVMs live seconds
      if (javaagent != null) {
        cmd.add("-javaagent:" + javaagent.toAbsolutePath());
        if (Boolean.getBoolean("smoke.indy")) {
          // the suite's second pass: every advice through upstream's invokedynamic mode
          cmd.add("-Dotel.javaagent.experimental.indy=true");
        }
      }
      cmd.addAll(jvmArgs);
      systemProperties.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
      if (jar != null) {
        cmd.add("-jar");
        cmd.add(jar.toAbsolutePath().toString());
      } else if (mainClass != null) {
        cmd.add("-cp");
        cmd.add(classpath);
        cmd.add(mainClass);
      } else {
        throw new IllegalStateException("neither jar nor main class set for " + name);
      }
      cmd.addAll(args);
      return cmd;
    }

    public ForkedJvm start() {
      try {
        return new ForkedJvm(name, command(), logDir);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name, e);
      }
    }
  }
}
