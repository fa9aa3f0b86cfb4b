package dev.voicetrace.smoke.apps;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Timer;
import java.util.TimerTask;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hand-offs that upstream does not carry, the way bots write them: TTS requests from a new {@code
 * Thread}, a {@code Thread} subclass, a one-shot and a fixed-rate {@code Timer} task, a {@code
 * CompletableFuture} stage completed by a thread that serves another call, and on JDK 21+ from
 * {@code Thread.ofVirtual().start(..)} and {@code Thread.startVirtualThread(..)} — each inside its own
 * call ({@code handle*} methods are configured as session methods, and the caller sid rides in the
 * {@code x-call-sid} header). And the negative case: a pool whose worker thread is created lazily
 * inside call {@code CA-pool-owner} must not carry that call into work submitted later from outside
 * any call while it is still open.
 *
 * <p>Usage: {@code ThreadHandoffApp <fake provider base url>}; prints {@code VIRTUAL_THREADS=<bool>}
 * and {@code HANDOFFS_DONE}.
 */
public class ThreadHandoffApp {
  public static final String VOICE = Speech.VOICE;

  private final String baseUrl;
  private final Speech speech;
  private final ExecutorService pool = Executors.newSingleThreadExecutor();
  private okhttp3.OkHttpClient lazyOkHttp;
  private HttpClient lazyJdkClient;

  ThreadHandoffApp(String baseUrl) {
    this.baseUrl = baseUrl;
    this.speech = new Speech(baseUrl);
  }

  public static void main(String[] args) throws Exception {
    ThreadHandoffApp app = new ThreadHandoffApp(args[0]);
    app.handleNewThread("CA-new-thread");
    app.handleThreadSubclass("CA-thread-subclass");
    app.handleTimer("CA-timer");
    app.handleFixedRateTimer("CA-timer-fixed-rate");
    app.handleFixedDelayTimer("CA-timer-fixed-delay");

    // a thread that serves another call completes this call's future: the stage runs there
    LinkedBlockingQueue<CompletableFuture<Void>> toComplete = new LinkedBlockingQueue<>();
    CompletableFuture<Void> stop = new CompletableFuture<>();
    Thread completer = new Thread(() -> app.handleCompleter("CA-completer", toComplete, stop), "completer");
    completer.start();
    app.handleCompletedElsewhere("CA-completed-elsewhere", toComplete);
    toComplete.put(stop);
    completer.join();

    boolean virtualThreads = Runtime.version().feature() >= 21;
    if (virtualThreads) {
      app.handlePlatformBuilder("CA-platform-builder");
      app.handleVirtualThread("CA-virtual-builder");
      app.handleStartVirtualThread("CA-virtual-start");
    }
    System.out.println("VIRTUAL_THREADS=" + virtualThreads);

    CompletableFuture<Void> owner = app.handlePoolOwner("CA-pool-owner");
    // the owner call is still open; this work is nobody's call
    app.pool.submit(() -> app.speak("CA-outside")).get(20, TimeUnit.SECONDS);
    // OkHttp's dispatcher thread and the JDK HttpClient's selector thread were started inside the owner
    // call too: callbacks they run for work from outside any call are nobody's call either
    app.enqueueOnLazyOkHttp(() -> app.speak("CA-outside-okhttp-callback")).get(20, TimeUnit.SECONDS);
    app.lazyJdkClient.sendAsync(HttpRequest.newBuilder(URI.create(app.baseUrl + "/health")).build(),
            HttpResponse.BodyHandlers.discarding())
        .thenRun(() -> app.speak("CA-outside-jdk-callback"))
        .get(20, TimeUnit.SECONDS);
    owner.complete(null);
    app.lazyOkHttp.dispatcher().executorService().shutdown();
    app.pool.shutdown();
    System.out.println("HANDOFFS_DONE");
  }

  public void handleNewThread(String callSid) throws Exception {
    Thread t = new Thread(() -> speak(callSid), "tts-" + callSid);
    t.start();
    t.join();
  }

  public void handleThreadSubclass(String callSid) throws Exception {
    Thread t = new Speaker(callSid);
    t.start();
    t.join();
  }

  public void handleTimer(String callSid) throws Exception {
    CountDownLatch done = new CountDownLatch(1);
    Timer timer = new Timer("silence-timer", true);
    timer.schedule(new TimerTask() {
      @Override
      public void run() {
        speak(callSid);
        done.countDown();
      }
    }, 20);
    if (!done.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException("timer task did not run");
    }
    timer.cancel();
  }

  public void handleFixedRateTimer(String callSid) throws Exception {
    speakTwiceOnTimer(callSid, true);
  }

  public void handleFixedDelayTimer(String callSid) throws Exception {
    speakTwiceOnTimer(callSid, false);
  }

  /** A repeating {@code TimerTask} (fixed-rate or fixed-delay) that speaks on its first two runs. */
  private void speakTwiceOnTimer(String callSid, boolean fixedRate) throws Exception {
    CountDownLatch twice = new CountDownLatch(2);
    Timer timer = new Timer(fixedRate ? "reprompt-timer" : "hold-music-timer", true);
    TimerTask task = new TimerTask() {
      @Override
      public void run() {
        if (twice.getCount() > 0) {
          speak(callSid);
          twice.countDown();
        }
      }
    };
    if (fixedRate) {
      timer.scheduleAtFixedRate(task, 0, 25);
    } else {
      timer.schedule(task, 0, 25);
    }
    if (!twice.await(20, TimeUnit.SECONDS)) {
      throw new IllegalStateException((fixedRate ? "fixed-rate" : "fixed-delay") + " task did not run twice");
    }
    timer.cancel();
  }

  /** Registers a stage on a future that the completer thread (inside another call) completes. */
  public void handleCompletedElsewhere(String callSid, LinkedBlockingQueue<CompletableFuture<Void>> completer)
      throws Exception {
    CompletableFuture<Void> transcript = new CompletableFuture<>();
    CompletableFuture<Void> spoken = transcript.thenRun(() -> speak(callSid));
    completer.put(transcript);
    spoken.get(20, TimeUnit.SECONDS);
  }

  /** A call of its own that completes the futures handed to it, until {@code stop}. */
  public void handleCompleter(String callSid, LinkedBlockingQueue<CompletableFuture<Void>> futures,
      CompletableFuture<Void> stop) {
    speak(callSid);
    try {
      for (CompletableFuture<Void> f = futures.take(); f != stop; f = futures.take()) {
        f.complete(null);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** An OkHttp {@code enqueue} on the lazily created client; {@code onResponse} runs in its callback. */
  private CompletableFuture<Void> enqueueOnLazyOkHttp(Runnable onResponse) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    lazyOkHttp.newCall(new okhttp3.Request.Builder().url(baseUrl + "/health").build()).enqueue(new okhttp3.Callback() {
      @Override
      public void onFailure(okhttp3.Call call, java.io.IOException e) {
        done.completeExceptionally(e);
      }

      @Override
      public void onResponse(okhttp3.Call call, okhttp3.Response response) {
        response.close();
        onResponse.run();
        done.complete(null);
      }
    });
    return done;
  }

  /** {@code Thread.ofPlatform().start(task)} (JDK 21+; reflective so that this compiles for 17). */
  public void handlePlatformBuilder(String callSid) throws Exception {
    Object builder = Thread.class.getMethod("ofPlatform").invoke(null);
    Thread t = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
        .invoke(builder, (Runnable) () -> speak(callSid));
    t.join();
  }

  /** {@code Thread.ofVirtual().start(task)} (JDK 21+; reflective so that this compiles for 17). */
  public void handleVirtualThread(String callSid) throws Exception {
    Object builder = Thread.class.getMethod("ofVirtual").invoke(null);
    Thread t = (Thread) Class.forName("java.lang.Thread$Builder").getMethod("start", Runnable.class)
        .invoke(builder, (Runnable) () -> speak(callSid));
    t.join();
  }

  /** {@code Thread.startVirtualThread(task)} (JDK 21+). */
  public void handleStartVirtualThread(String callSid) throws Exception {
    Thread t = (Thread) Thread.class.getMethod("startVirtualThread", Runnable.class)
        .invoke(null, (Runnable) () -> speak(callSid));
    t.join();
  }

  /**
   * Creates the pool's worker thread, an OkHttp client's dispatcher thread and a JDK HttpClient's
   * selector thread inside this call; the call stays open until the future completes.
   */
  public CompletableFuture<Void> handlePoolOwner(String callSid) throws Exception {
    pool.submit(() -> { }).get(20, TimeUnit.SECONDS);
    lazyOkHttp = new okhttp3.OkHttpClient();
    enqueueOnLazyOkHttp(() -> { }).get(20, TimeUnit.SECONDS);
    lazyJdkClient = HttpClient.newHttpClient();
    lazyJdkClient.sendAsync(HttpRequest.newBuilder(URI.create(baseUrl + "/health")).build(),
        HttpResponse.BodyHandlers.discarding()).get(20, TimeUnit.SECONDS);
    return new CompletableFuture<>();
  }

  private final class Speaker extends Thread {
    private final String callSid;

    Speaker(String callSid) {
      super("speaker-" + callSid);
      this.callSid = callSid;
    }

    @Override
    public void run() {
      speak(callSid);
    }
  }

  void speak(String callSid) {
    speech.speak(callSid);
  }

}
