package dev.voicetrace.smoke.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.voicetrace.smoke.harness.SmokeEnvironment.SmokeEnv;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A test app run twice on the same class path, arguments and JVM properties: once with the agent (exporting to
 * the test's receiver as the service, with the session methods given), once without it, so that a test can check
 * the application saw the same with the agent as without it. Both must exit 0, and the agent's run print {@code
 * APP_DONE}; their output stays readable after {@link #run} returns.
 */
public final class AppWithAndWithoutAgent {
  /** The two finished runs. */
  public record Runs(ForkedJvm withAgent, ForkedJvm plain) {}

  private static final Pattern APP_DONE = Pattern.compile("APP_DONE");

  private final String service;
  private final String classPath;
  private final String mainClass;
  private final List<String> args = new ArrayList<>();
  private final Map<String, String> jvmProperties = new LinkedHashMap<>();
  private String sessionMethods;
  private boolean oneAfterTheOther;
  private Duration exitTimeout = Duration.ofSeconds(60);

  private AppWithAndWithoutAgent(String service, String classPath, String mainClass) {
    this.service = service;
    this.classPath = classPath;
    this.mainClass = mainClass;
  }

  public static AppWithAndWithoutAgent of(String service, String classPath, String mainClass) {
    return new AppWithAndWithoutAgent(service, classPath, mainClass);
  }

  public AppWithAndWithoutAgent args(String... more) {
    args.addAll(List.of(more));
    return this;
  }

  /** {@code otel.instrumentation.voicetrace.session.methods} of the agent's run. */
  public AppWithAndWithoutAgent sessionMethods(String methods) {
    this.sessionMethods = methods;
    return this;
  }

  /** System properties of both runs. */
  public AppWithAndWithoutAgent jvmProperties(Map<String, String> properties) {
    jvmProperties.putAll(properties);
    return this;
  }

  /** The run without the agent first, then the one with it (not side by side: for timing-sensitive counts). */
  public AppWithAndWithoutAgent oneAfterTheOther() {
    this.oneAfterTheOther = true;
    return this;
  }

  /** How long each run may take (60 s unless set). */
  public AppWithAndWithoutAgent exitTimeout(Duration timeout) {
    this.exitTimeout = timeout;
    return this;
  }

  public Runs run(SmokeEnv env) {
    ForkedJvm.Builder withAgent = ForkedJvm.builder(service + "-agent")
        .javaagent(Artifacts.agentJar())
        .systemProperties(AgentProperties.exportingTo(env.receiver(), service))
        .systemProperties(jvmProperties)
        .mainClass(classPath, mainClass)
        .args(args);
    if (sessionMethods != null) {
      withAgent.systemProperty("otel.instrumentation.voicetrace.session.methods", sessionMethods);
    }
    ForkedJvm.Builder plain = ForkedJvm.builder(service + "-plain")
        .systemProperties(jvmProperties)
        .mainClass(classPath, mainClass)
        .args(args);
    if (oneAfterTheOther) {
      try (ForkedJvm plainJvm = plain.start()) {
        assertEquals(0, plainJvm.awaitExit(exitTimeout), "app without agent\n" + plainJvm.tail());
        try (ForkedJvm agentJvm = withAgent.start()) {
          return finished(agentJvm, plainJvm);
        }
      }
    }
    try (ForkedJvm agentJvm = withAgent.start(); ForkedJvm plainJvm = plain.start()) {
      assertEquals(0, plainJvm.awaitExit(exitTimeout), "app without agent\n" + plainJvm.tail());
      return finished(agentJvm, plainJvm);
    }
  }

  private Runs finished(ForkedJvm agentJvm, ForkedJvm plainJvm) {
    assertEquals(0, agentJvm.awaitExit(exitTimeout), "app with agent\n" + agentJvm.tail());
    agentJvm.awaitLine(APP_DONE, Duration.ofSeconds(1));
    return new Runs(agentJvm, plainJvm);
  }
}
