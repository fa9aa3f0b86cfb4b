package dev.voicetrace.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where the jars under test are. They are found relative to this module, never through the test
 * class path (the agent must not be on it). Overrides, e.g. to validate the harness against the stock
 * upstream agent: {@code -Dsmoke.agent.jar=...}, {@code -Dsmoke.sampleBot.jar=...},
 * {@code -Dsmoke.sampleBotSpring.jar=...}.
 *
 * <p>Each jar is copied once per test run to {@code target/smoke-artifacts/}, and the forked JVMs run
 * that copy: a rebuild of a module while the suite runs cannot hand a running JVM a half-written jar.
 */
public final class Artifacts {

  private static final Map<Path, Path> SNAPSHOTS = new ConcurrentHashMap<>();

  private Artifacts() {}

  public static Path moduleDir() {
    return Path.of(System.getProperty("smoke.basedir", System.getProperty("basedir", "."))).toAbsolutePath().normalize();
  }

  public static Path buildDir() {
    String dir = System.getProperty("smoke.buildDir");
    return dir != null ? Path.of(dir) : moduleDir().resolve("target");
  }

  /** Compiled test classes of this module: the class path of the small test apps. */
  public static Path testClassesDir() {
    String dir = System.getProperty("smoke.testClassesDir");
    return dir != null ? Path.of(dir) : buildDir().resolve("test-classes");
  }

  public static Path agentJar() {
    return locate("smoke.agent.jar", "../agent/target/voicetrace-javaagent.jar", "agent");
  }

  public static Path sampleBotJar() {
    return locate("smoke.sampleBot.jar", "../sample-bot/target/sample-bot.jar", "sample-bot");
  }

  public static Path sampleBotSpringJar() {
    return locate("smoke.sampleBotSpring.jar", "../sample-bot-spring/target/sample-bot-spring.jar", "sample-bot-spring");
  }

  private static Path locate(String property, String relative, String module) {
    String override = System.getProperty(property);
    Path path = override != null && !override.isBlank()
        ? Path.of(override).toAbsolutePath()
        : moduleDir().resolve(relative).normalize();
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException("Missing " + path + " (module '" + module + "'). The smoke tests run the"
          + " packaged jars: build them first with `mvn verify` (or `mvn -DskipTests package`) from the repository"
          + " root, then run `mvn -pl smoke-tests verify`."
          + (override != null ? " (path set by -D" + property + ")" : ""));
    }
    return SNAPSHOTS.computeIfAbsent(path, Artifacts::snapshot);
  }

  /**
   * Copies {@code jar} and checks the copy is a complete jar (a module being rebuilt right now may
   * still be writing it); retries until it is, for up to a minute.
   */
  private static Path snapshot(Path jar) {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
    try {
      Path dir = Files.createDirectories(buildDir().resolve("smoke-artifacts"));
      Path copy = dir.resolve(jar.getFileName());
      while (true) {
        Files.copy(jar, copy, StandardCopyOption.REPLACE_EXISTING);
        String problem = jarProblem(copy);
        if (problem == null) {
          return copy;
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(jar + " is not a complete jar (" + problem + "); rebuild it with `mvn verify`"
              + " from the repository root");
        }
        Thread.sleep(500); // poll: the file is being written by a build right now
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + jar, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while copying " + jar, e);
    }
  }

  private static String jarProblem(Path jar) {
    try (java.util.jar.JarFile file = new java.util.jar.JarFile(jar.toFile())) {
      return file.getManifest() == null ? "no manifest" : null;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
