package dev.voicetrace.smoke.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JDKs the hand-off matrix runs on: the one running the tests (17 in CI) and a JDK with virtual
 * threads (21+), taken from {@code -Dsmoke.jdk21=...} or found under {@code /usr/lib/jvm} (where this
 * project's machines have Temurin 25).
 */
public final class Jdks {
  private static final Pattern VERSION = Pattern.compile("JAVA_VERSION=\"(\\d+)");

  private Jdks() {}

  public static Path current() {
    return Path.of(System.getProperty("smoke.javaHome", System.getProperty("java.home")));
  }

  /** A JDK 21 or newer; fails with what to install when the machine has none. */
  public static Path withVirtualThreads() {
    String configured = System.getProperty("smoke.jdk21");
    if (configured != null && !configured.isBlank()) {
      return Path.of(configured);
    }
    Path root = Path.of("/usr/lib/jvm");
    Optional<Path> found = Optional.empty();
    if (Files.isDirectory(root)) {
      try (Stream<Path> homes = Files.list(root)) {
        found = homes.filter(home -> feature(home) >= 21)
            .max(Comparator.comparingInt(Jdks::feature));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return found.orElseThrow(() -> new IllegalStateException(
        "No JDK 21+ under /usr/lib/jvm for the virtual-thread cases: install one (e.g. Temurin 25)"
            + " or pass -Dsmoke.jdk21=/path/to/jdk"));
  }

  public static List<Path> matrix() {
    return List.of(current(), withVirtualThreads());
  }

  /** The feature version in {@code <home>/release}, or 0. */
  public static int feature(Path home) {
    try {
      Path release = home.resolve("release");
      if (!Files.isRegularFile(release) || !Files.isExecutable(home.resolve("bin/java"))) {
        return 0;
      }
      Matcher m = VERSION.matcher(Files.readString(release));
      return m.find() ? Integer.parseInt(m.group(1)) : 0;
    } catch (IOException | RuntimeException e) {
      return 0;
    }
  }
}
