package logplatform.awslogs.parse;

import java.util.Arrays;
import logplatform.awslogs.io.Bytes;

/**
 * The items of a split on spaces (Spark's {@code split}, empty items kept): item {@code k} is
 * {@code [starts[k], ends[k])}.
 */
final class S3Items {
  private static final long SPACES = Bytes.pattern((byte) ' ');

  int[] starts = new int[16];
  int[] ends = new int[16];
  int size;
  /** Empty items among them. */
  private int empties;

  void clear() {
    size = 0;
    empties = 0;
  }

  void add(int s, int e) {
    if (size == starts.length) {
      starts = Arrays.copyOf(starts, size * 2);
      ends = Arrays.copyOf(ends, size * 2);
    }
    starts[size] = s;
    ends[size] = e;
    size++;
    if (s == e) empties++;
  }

  /** Item {@code k} is present and empty. */
  boolean empty(int k) {
    return k < size && starts[k] == ends[k];
  }

  /** {@code array_contains(items, '')}. */
  boolean hasEmpty() {
    return empties > 0;
  }

  /** {@code split(trim(b[s, e)), ' ')}, eight bytes at a time: {@code trim} strips spaces only. */
  void splitTrimmed(byte[] b, int s, int e) {
    while (s < e && b[s] == ' ') s++;
    while (e > s && b[e - 1] == ' ') e--;
    clear();
    int from = s;
    int i = s;
    for (; i + 8 <= e; i += 8) {
      for (long m = Bytes.matches(Bytes.word(b, i), SPACES); m != 0; m &= m - 1) {
        int at = i + (Long.numberOfTrailingZeros(m) >>> 3);
        add(from, at);
        from = at + 1;
      }
    }
    for (; i < e; i++) {
      if (b[i] == ' ') {
        add(from, i);
        from = i + 1;
      }
    }
    add(from, e);
  }

  /**
   * {@code split(trim([s, e)), ' ')} from the positions of the spaces in {@code [s, e)},
   * {@code spaces[0, n)} in order.
   */
  void splitTrimmed(int s, int e, int[] spaces, int n) {
    clear();
    int first = 0;
    while (first < n && spaces[first] == s) {
      s++;
      first++;
    }
    int last = n;
    while (last > first && spaces[last - 1] == e - 1) {
      e--;
      last--;
    }
    int from = s;
    for (int k = first; k < last; k++) {
      add(from, spaces[k]);
      from = spaces[k] + 1;
    }
    add(from, e);
  }

  /** Items {@code [from, to)} of {@code other}, after the ones this holds. */
  void addAll(S3Items other, int from, int to) {
    for (int k = from; k < to; k++) add(other.starts[k], other.ends[k]);
  }

  /** Keeps the first {@code n} items. */
  void truncate(int n) {
    for (int k = n; k < size; k++) if (starts[k] == ends[k]) empties--;
    size = n;
  }
}
