package dev.voicetrace.smoke.harness;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A sample bot (plain Tyrus or Spring Boot) forked with the agent, listening for media streams. */
public final class VoiceBot implements AutoCloseable {

  private static final Pattern LISTENING = Pattern.compile("VOICE_BOT_LISTENING port=(\\d+) path=(\\S+)");
  private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

  private final ForkedJvm jvm;
  private final int port;
  private final String path;

  private VoiceBot(ForkedJvm jvm, int port, String path) {
    this.jvm = jvm;
    this.port = port;
    this.path = path;
  }

  /** The Tyrus bot of {@code sample-bot.jar}. */
  public static Builder plain(String serviceName, OtlpReceiver receiver, FakeProviders providers) {
    return new Builder(serviceName, false, receiver, providers);
  }

  /** The Spring Boot bot of {@code sample-bot-spring.jar}. */
  public static Builder spring(String serviceName, OtlpReceiver receiver, FakeProviders providers) {
    return new Builder(serviceName, true, receiver, providers);
  }

  public int port() {
    return port;
  }

  public String mediaUrl() {
    return "ws://127.0.0.1:" + port + path;
  }

  public ForkedJvm jvm() {
    return jvm;
  }

  /** SIGTERM, then wait for the JVM (and so the agent's shutdown flush) to finish. */
  public int stop() {
    return jvm.stop();
  }

  @Override
  public void close() {
    jvm.stop();
  }

  public static final class Builder {
    private final String serviceName;
    private final boolean spring;
    private final FakeProviders providers;
    private final Map<String, String> properties = new LinkedHashMap<>();
    private final List<String> extraArgs = new ArrayList<>();
    private String endpoint;
    private Path javaHome;
    private boolean withAgent = true;

    private Builder(String serviceName, boolean spring, OtlpReceiver receiver, FakeProviders providers) {
      this.serviceName = serviceName;
      this.spring = spring;
      this.providers = providers;
      properties.putAll(AgentProperties.exportingTo(receiver, serviceName));
    }

    /** {@code annotated} or {@code programmatic} (plain bot only). */
    public Builder endpoint(String endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder systemProperty(String key, String value) {
      properties.put(key, value);
      return this;
    }

    public Builder withoutSystemProperty(String key) {
      properties.remove(key);
      return this;
    }

    public Builder javaHome(Path javaHome) {
      this.javaHome = javaHome;
      return this;
    }

    /** Runs the bot without any agent (a baseline). */
    public Builder withoutAgent() {
      this.withAgent = false;
      return this;
    }

    public Builder arg(String arg) {
      extraArgs.add(arg);
      return this;
    }

    public VoiceBot start() {
      ForkedJvm.Builder b = ForkedJvm.builder((spring ? "spring-bot-" : "bot-") + serviceName)
          .systemProperties(properties);
      if (withAgent) {
        b.javaagent(Artifacts.agentJar());
      }
      if (javaHome != null) {
        b.javaHome(javaHome);
      }
      if (spring) {
        b.jar(Artifacts.sampleBotSpringJar())
            .args("--server.port=0",
                "--openai-base-url=" + providers.openAiBaseUrl(),
                "--elevenlabs-base-url=" + providers.elevenLabsBaseUrl());
      } else {
        b.jar(Artifacts.sampleBotJar())
            .args("--port", "0",
                "--openai-base-url", providers.openAiBaseUrl(),
                "--elevenlabs-base-url", providers.elevenLabsBaseUrl());
        if (endpoint != null) {
          b.args("--endpoint", endpoint);
        }
      }
      b.args(extraArgs);
      ForkedJvm jvm = b.start();
      try {
        Matcher m = jvm.awaitLine(LISTENING, START_TIMEOUT);
        return new VoiceBot(jvm, Integer.parseInt(m.group(1)), m.group(2));
      } catch (RuntimeException | Error e) {
        jvm.stop();
        throw e;
      }
    }
  }
}
