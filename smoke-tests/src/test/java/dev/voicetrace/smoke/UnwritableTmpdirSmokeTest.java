package dev.voicetrace.smoke;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.voicetrace.smoke.apps.HelloApp;
import dev.voicetrace.smoke.harness.Artifacts;
import dev.voicetrace.smoke.harness.ForkedJvm;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The agent unpacks voicetrace into {@code java.io.tmpdir}: when that is not a writable directory the
 * application runs exactly as before and one line says plainly that voicetrace is not active, why,
 * and how to fix it; with a writable one that line never appears and voicetrace starts.
 */
@Timeout(60)
class UnwritableTmpdirSmokeTest {
  private static final String NOT_ACTIVE = "[voicetrace] voicetrace is NOT active";

  private static List<String> run(Path tmpdir) {
    ForkedJvm.Builder b = ForkedJvm.builder("hello-tmpdir-" + tmpdir.getFileName())
        .javaagent(Artifacts.agentJar())
        .systemProperty("java.io.tmpdir", tmpdir.toString())
        .systemProperty("otel.traces.exporter", "none")
        .systemProperty("otel.metrics.exporter", "none")
        .systemProperty("otel.logs.exporter", "none")
        .mainClass(Artifacts.testClassesDir().toString(), HelloApp.class.getName());
    try (ForkedJvm jvm = b.start()) {
      assertEquals(0, jvm.awaitExit(Duration.ofSeconds(40)), jvm.tail());
      return jvm.lines().stream().map(ForkedJvm.Line::text).toList();
    }
  }

  @Test
  void anUnwritableTmpdirIsSaidPlainlyInOneLineAndTheAppRunsOn() throws Exception {
    Path notADirectory = Files.writeString(Artifacts.buildDir().resolve("tmpdir-is-a-file"), "not a directory");
    List<String> lines = run(notADirectory);
    assertTrue(lines.contains("HELLO_APP_RAN"), "the application ran: " + lines);
    List<String> said = lines.stream().filter(l -> l.startsWith(NOT_ACTIVE)).toList();
    assertEquals(1, said.size(), "one line: " + lines);
    assertTrue(said.get(0).contains(notADirectory.toString()) && said.get(0).contains("-Djava.io.tmpdir="),
        "names the directory and the fix: " + said.get(0));
    assertTrue(lines.stream().noneMatch(l -> l.startsWith("[voicetrace] voicetrace 0")), "voicetrace did not start: " + lines);
  }

  @Test
  void aWritableTmpdirStartsVoicetraceWithoutThatLine() throws Exception {
    Path writable = Files.createDirectories(Artifacts.buildDir().resolve("writable-tmpdir"));
    List<String> lines = run(writable);
    assertTrue(lines.contains("HELLO_APP_RAN"), "the application ran: " + lines);
    assertTrue(lines.stream().noneMatch(l -> l.startsWith(NOT_ACTIVE)), lines.toString());
    assertTrue(lines.stream().anyMatch(l -> l.startsWith("[voicetrace] voicetrace 0")), "voicetrace started: " + lines);
  }
}
