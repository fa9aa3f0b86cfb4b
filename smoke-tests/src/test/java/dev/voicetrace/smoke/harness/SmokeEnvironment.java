package dev.voicetrace.smoke.harness;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * JUnit extension sharing one OTLP receiver and one fake provider server across all smoke tests of
 * the test JVM (started on first use, closed when the whole run ends). Before each test the fake
 * provider server's recorded requests and knobs are reset. Tests receive the {@link SmokeEnv} as a
 * parameter. Tests run one at a time, and each uses its own {@code otel.service.name} to tell its
 * spans apart in the shared receiver.
 */
public final class SmokeEnvironment implements ParameterResolver, BeforeEachCallback {

  private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SmokeEnvironment.class);

  /** The shared fixtures. */
  public static final class SmokeEnv implements AutoCloseable {
    private final OtlpReceiver receiver;
    private final FakeProviders providers;

    private SmokeEnv() {
      this.receiver = OtlpReceiver.start();
      try {
        this.providers = FakeProviders.start();
      } catch (RuntimeException | Error e) {
        receiver.close();
        throw e;
      }
    }

    public OtlpReceiver receiver() {
      return receiver;
    }

    public FakeProviders providers() {
      return providers;
    }

    public VoiceBot.Builder plainBot(String serviceName) {
      return VoiceBot.plain(serviceName, receiver, providers);
    }

    public VoiceBot.Builder springBot(String serviceName) {
      return VoiceBot.spring(serviceName, receiver, providers);
    }

    @Override
    public void close() {
      try {
        providers.close();
      } finally {
        receiver.close();
      }
    }
  }

  private static SmokeEnv env(ExtensionContext context) {
    return context.getRoot().getStore(NS).getOrComputeIfAbsent(SmokeEnv.class, k -> new SmokeEnv(), SmokeEnv.class);
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return parameterContext.getParameter().getType() == SmokeEnv.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return env(extensionContext);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    SmokeEnv env = env(context);
    env.providers().reset();
    env.receiver().clear();
  }
}
