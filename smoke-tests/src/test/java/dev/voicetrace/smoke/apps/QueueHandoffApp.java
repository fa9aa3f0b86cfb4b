package dev.voicetrace.smoke.apps;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Queue hand-offs as voice bots write them: one consumer thread, started outside any call, drains a
 * shared {@code LinkedBlockingQueue} of utterances from two calls and speaks each; a second consumer
 * drains a {@code LinkedBlockingDeque}. A shared FLUSH sentinel queued by both calls carries neither.
 * {@code handleCall} is the configured session method.
 *
 * <p>Usage: {@code QueueHandoffApp <fake provider base url>}; prints {@code QUEUES_DONE}.
 */
public class QueueHandoffApp {
  /** One piece of work queued by a call. */
  static final class Utterance {
    final String callSid;
    final CountDownLatch spoken = new CountDownLatch(1);

    Utterance(String callSid) {
      this.callSid = callSid;
    }
  }

  static final Utterance FLUSH = new Utterance("CA-flush");
  private final Semaphore flushesSpoken = new Semaphore(0);
  private int flushes;

  private final Speech speaker;
  private final BlockingQueue<Utterance> queue = new LinkedBlockingQueue<>();
  private final BlockingQueue<Utterance> deque = new LinkedBlockingDeque<>();

  QueueHandoffApp(String baseUrl) {
    speaker = new Speech(baseUrl);
  }

  public static void main(String[] args) throws Exception {
    QueueHandoffApp app = new QueueHandoffApp(args[0]);
    app.startConsumer(app.queue, "queue-consumer");
    app.startConsumer(app.deque, "deque-consumer");
    app.handleCall("CA-queue-a", app.queue);
    app.handleCall("CA-queue-b", app.queue);
    app.handleCall("CA-deque-c", app.deque);
    app.handleFlush("CA-queue-a");
    app.handleFlush("CA-queue-b");
    System.out.println("QUEUES_DONE");
  }

  private void startConsumer(BlockingQueue<Utterance> source, String name) {
    Thread consumer = new Thread(() -> {
      try {
        while (true) {
          Utterance u = source.take();
          if (u == FLUSH) {
            speaker.speak("CA-flush-" + (++flushes));
            flushesSpoken.release();
          } else {
            speaker.speak(u.callSid);
            u.spoken.countDown();
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, name);
    consumer.setDaemon(true);
    consumer.start();
  }

  public void handleCall(String callSid, BlockingQueue<Utterance> target) throws Exception {
    Utterance u = new Utterance(callSid);
    target.put(u);
    if (!u.spoken.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("not spoken: " + callSid);
    }
  }

  /**
   * Both calls queue the same sentinel object. The first time, only call A had queued it; the
   * second time (queued by B) it is known to be shared and belongs to no call.
   */
  public void handleFlush(String callSid) throws Exception {
    queue.put(FLUSH);
    if (!flushesSpoken.tryAcquire(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("flush not spoken for " + callSid);
    }
  }
}
