package dev.voicetrace.core.session;

import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.HashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * What the hand-offs remember about objects the application passes between threads (tasks, stages,
 * queue elements): keyed by identity (an element's own {@code equals} is never called), weakly (it
 * never keeps the application's object alive), in lock stripes so that threads of different calls
 * rarely wait for each other. Lookups on a map that never held anything take no lock.
 */
final class WeakIdentityMap<V> {
  private static final int STRIPES = 16;

  @SuppressWarnings("unchecked")
  private final Stripe<V>[] stripes = new Stripe[STRIPES];
  private volatile boolean used;

  WeakIdentityMap() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new Stripe<>();
    }
  }

  V get(Object key) {
    if (!used || key == null) {
      return null;
    }
    Stripe<V> s = stripe(key);
    synchronized (s) {
      s.purge();
      return s.find(key, false);
    }
  }

  /** Replaces the value for {@code key} with {@code update(previous)}; a {@code null} result removes it. */
  void update(Object key, UnaryOperator<V> update) {
    if (key == null) {
      return;
    }
    Stripe<V> s = stripe(key);
    synchronized (s) {
      s.purge();
      IdentityKey k = new IdentityKey(key, s.collected);
      V next = update.apply(s.entries.get(k));
      if (next == null) {
        s.entries.remove(k);
      } else {
        used = true;
        s.entries.put(k, next);
      }
    }
  }

  void remove(Object key) {
    if (used && key != null) {
      Stripe<V> s = stripe(key);
      synchronized (s) {
        s.find(key, true);
      }
    }
  }

  /** Drops the entries whose keys were collected. */
  void purge() {
    if (!used) {
      return;
    }
    for (Stripe<V> s : stripes) {
      synchronized (s) {
        s.purge();
      }
    }
  }

  int size() {
    int n = 0;
    for (Stripe<V> s : stripes) {
      synchronized (s) {
        s.purge();
        n += s.entries.size();
      }
    }
    return n;
  }

  private Stripe<V> stripe(Object key) {
    return stripes[(System.identityHashCode(key) >>> 4) & (STRIPES - 1)];
  }

  private static final class Stripe<V> {
    final Map<IdentityKey, V> entries = new HashMap<>();
    final ReferenceQueue<Object> collected = new ReferenceQueue<>();
    /** The lookup key of {@link #find}: one per stripe, used under its lock, so a lookup allocates nothing. */
    private final Probe probe = new Probe();

    void purge() {
      for (Reference<?> ref; (ref = collected.poll()) != null; ) {
        entries.remove(ref);
      }
    }

    /** The value of {@code key}, removed from the map when {@code remove}. Call with this stripe's lock held. */
    V find(Object key, boolean remove) {
      probe.target = key;
      probe.hash = System.identityHashCode(key);
      try {
        return remove ? entries.remove(probe) : entries.get(probe);
      } finally {
        probe.target = null; // never keep the application's object past the lookup
      }
    }
  }

  /** A lookup key equal to the {@link IdentityKey} whose referent is its target. */
  private static final class Probe {
    Object target;
    int hash;

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      return target != null && other instanceof IdentityKey && ((IdentityKey) other).get() == target;
    }
  }

  /** A weak key compared by the identity of its referent. */
  private static final class IdentityKey extends WeakReference<Object> {
    private final int hash;

    IdentityKey(Object referent, ReferenceQueue<Object> queue) {
      super(referent, queue);
      this.hash = System.identityHashCode(referent);
    }

    @Override
    public int hashCode() {
      return hash;
    }

    @Override
    public boolean equals(Object other) {
      if (this == other) {
        return true;
      }
      if (!(other instanceof IdentityKey)) {
        return false;
      }
      Object mine = get();
      return mine != null && mine == ((IdentityKey) other).get();
    }
  }
}
