package dev.voicetrace.core.wiring;

import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;

/**
 * Wraps each exporting span processor so that, when the SDK shuts down (JVM exit, SIGTERM), every
 * open session, turn and stage span ends with {@code end_reason=shutdown} before the processor's
 * last flush. A restart never loses the calls in progress.
 */
final class ShutdownFirstSpanProcessor implements SpanProcessor {
  private final SpanProcessor delegate;

  ShutdownFirstSpanProcessor(SpanProcessor delegate) {
    this.delegate = delegate;
  }

  @Override
  public void onStart(Context parentContext, ReadWriteSpan span) {
    delegate.onStart(parentContext, span);
  }

  @Override
  public boolean isStartRequired() {
    return delegate.isStartRequired();
  }

  @Override
  public void onEnd(ReadableSpan span) {
    delegate.onEnd(span);
  }

  @Override
  public boolean isEndRequired() {
    return delegate.isEndRequired();
  }

  @Override
  public CompletableResultCode shutdown() {
    VoiceAgent.endAllSessions("shutdown");
    return delegate.shutdown();
  }

  @Override
  public CompletableResultCode forceFlush() {
    return delegate.forceFlush();
  }

  @Override
  public void close() {
    shutdown().join(10, java.util.concurrent.TimeUnit.SECONDS);
  }
}
