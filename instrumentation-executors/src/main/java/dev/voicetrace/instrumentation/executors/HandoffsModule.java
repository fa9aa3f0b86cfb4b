package dev.voicetrace.instrumentation.executors;

import dev.voicetrace.core.wiring.VoiceInstrumentationModule;
import io.opentelemetry.javaagent.extension.instrumentation.TypeInstrumentation;
import java.util.Arrays;
import java.util.List;

/**
 * The async hops upstream does not cover, for the call's session: threads the application starts
 * itself ({@code new Thread(..).start()}, {@code Thread} subclasses, {@code Thread.ofPlatform()})
 * , {@code java.util.Timer} tasks, and elements handed through the JDK's blocking queues. Threads made by any {@code ThreadFactory} are marked as pool
 * threads and never carry a call. Advice calls only the bootstrap bridge: no helpers to inject.
 */
public final class HandoffsModule extends VoiceInstrumentationModule {
  public HandoffsModule() {
    super("voicetrace-handoffs");
  }


  @Override
  public List<TypeInstrumentation> typeInstrumentations() {
    return Arrays.asList(
        new ThreadInstrumentation(),
        new ThreadSubclassInstrumentation(),
        new VirtualThreadInstrumentation(),
        new CompletableFutureInstrumentation(),
        new ThreadFactoryInstrumentation(),
        new TimerInstrumentation(),
        new TimerTaskInstrumentation(),
        new BlockingQueueInstrumentation());
  }
}
