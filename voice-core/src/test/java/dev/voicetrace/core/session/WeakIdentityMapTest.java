package dev.voicetrace.core.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WeakIdentityMapTest {
  private final WeakIdentityMap<String> map = new WeakIdentityMap<>();

  @Test
  void keysAreComparedByIdentityNeverByEquals() {
    String a = new String("task");
    String b = new String("task");
    map.update(a, previous -> "of a");
    assertEquals("of a", map.get(a));
    assertNull(map.get(b), "an equal but distinct object is another key");
    map.update(b, previous -> previous == null ? "of b" : "wrong");
    assertEquals("of b", map.get(b));
    assertEquals("of a", map.get(a));
    assertEquals(2, map.size());
  }

  @Test
  void updateSeesThePreviousValueAndNullRemoves() {
    Object key = new Object();
    map.update(key, previous -> previous == null ? "1" : previous + "1");
    map.update(key, previous -> previous == null ? "1" : previous + "1");
    assertEquals("11", map.get(key));
    map.update(key, previous -> null);
    assertNull(map.get(key));
    map.update(key, previous -> "again");
    map.remove(key);
    assertNull(map.get(key));
    assertEquals(0, map.size());
  }

  @Test
  void manyKeysAcrossEveryStripeKeepTheirOwnValues() {
    List<Object> keys = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      Object key = new Object();
      keys.add(key);
      String value = "v" + i;
      map.update(key, previous -> value);
    }
    for (int i = 0; i < keys.size(); i += 2) {
      map.remove(keys.get(i));
    }
    for (int i = 0; i < keys.size(); i++) {
      assertEquals(i % 2 == 0 ? null : "v" + i, map.get(keys.get(i)), "key " + i);
    }
    assertEquals(250, map.size());
  }

  @Test
  void neitherAKeyNorAnObjectLookedUpIsKeptAlive() {
    Object kept = new Object();
    map.update(kept, previous -> "kept"); // the map is in use, so lookups take the stripes' path
    Object key = new Object();
    map.update(key, previous -> "value");
    Object lookedUp = new Object();
    assertNull(map.get(lookedUp));
    map.remove(lookedUp);
    WeakReference<Object> keyRef = new WeakReference<>(key);
    WeakReference<Object> lookedUpRef = new WeakReference<>(lookedUp);
    key = null;
    lookedUp = null;
    for (int i = 0; i < 100 && (keyRef.get() != null || lookedUpRef.get() != null); i++) {
      System.gc();
    }
    assertNull(keyRef.get(), "a key is held weakly");
    assertNull(lookedUpRef.get(), "a lookup does not keep what it looked for");
    // the JVM's reference handler queues a cleared key for the map a moment after the collection
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (map.size() != 1 && System.nanoTime() < deadline) {
      System.gc();
      Thread.onSpinWait();
    }
    assertEquals(1, map.size(), "the collected key's entry is dropped");
    assertEquals("kept", map.get(kept));
  }
}
