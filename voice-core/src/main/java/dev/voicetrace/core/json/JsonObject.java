package dev.voicetrace.core.json;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A parsed JSON object of at most {@link #MAX_MEMBERS} members, in the order they came: keys and values side
 * by side in one array, looked up by a linear scan. A streamed chat chunk is three such objects; a hash map for
 * each, with an entry per member, allocated three times as much per chunk. Read-only; larger objects are
 * parsed into a {@code LinkedHashMap} instead.
 */
final class JsonObject extends AbstractMap<String, Object> {
  /** Beyond this many members a scan per lookup stops being cheaper than hashing. */
  static final int MAX_MEMBERS = 8;

  /** Key, value, key, value, …; {@code size} pairs are used. */
  private final Object[] members;
  private final int size;

  JsonObject(Object[] members, int size) {
    this.members = members;
    this.size = size;
  }

  /** The index of {@code key}'s pair among the first {@code size} of {@code members}, or -1. */
  static int indexOf(Object[] members, int size, Object key) {
    for (int i = 0; i < size; i++) {
      Object k = members[2 * i];
      if (k == key || k.equals(key)) {
        return i;
      }
    }
    return -1;
  }

  @Override
  public Object get(Object key) {
    int i = indexOf(members, size, key);
    return i < 0 ? null : members[2 * i + 1];
  }

  @Override
  public boolean containsKey(Object key) {
    return indexOf(members, size, key) >= 0;
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<Entry<String, Object>>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<Entry<String, Object>>() {
          private int next;

          @Override
          public boolean hasNext() {
            return next < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (next >= size) {
              throw new NoSuchElementException();
            }
            int i = next++;
            return new SimpleImmutableEntry<>((String) members[2 * i], members[2 * i + 1]);
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }
}
