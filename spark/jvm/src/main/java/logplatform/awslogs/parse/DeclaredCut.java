package logplatform.awslogs.parse;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A declared line cut into its fields' texts, with the meaning of the SQL parser's one regex
 * per line ({@code logparse/formats/cutting.py}): a delimited line is tokenized on its bytes
 * (quoted fields run to their closing quote, the escape byte makes the next character
 * literal, a doubled closing quote stands for itself when it is the escape); a pattern runs
 * once with {@code matches()}. A line holding U+0001 is malformed in both (the SQL parser
 * uses it between fields). Texts are copied into one buffer: {@code buf[starts[i], ends[i])}.
 */
final class DeclaredCut {
  private final DeclaredSpec spec;
  private final Matcher matcher;
  private final boolean checksControl;
  byte[] buf = new byte[1024];
  final int[] starts;
  final int[] ends;
  private int size;

  DeclaredCut(DeclaredSpec spec) {
    this.spec = spec;
    this.matcher = spec.pattern ? Pattern.compile(spec.regex).matcher("") : null;
    this.checksControl = spec.pattern || spec.opens.length > 0;
    this.starts = new int[spec.fields.length];
    this.ends = new int[spec.fields.length];
  }

  /** Cuts {@code b[s, e)}; false when the line does not have the declared shape. */
  boolean cut(byte[] b, int s, int e) {
    size = 0;
    if (checksControl && Text.contains(b, s, e, (byte) 1)) return false;
    return spec.pattern ? match(b, s, e) : tokenize(b, s, e);
  }

  private void ensure(int more) {
    if (size + more > buf.length) buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
  }

  private void append(byte[] b, int s, int e) {
    ensure(e - s);
    System.arraycopy(b, s, buf, size, e - s);
    size += e - s;
  }

  private boolean match(byte[] b, int s, int e) {
    matcher.reset(new String(b, s, e - s, StandardCharsets.UTF_8));
    if (!matcher.matches()) return false;
    for (int i = 0; i < spec.groups.length; i++) {
      String g = matcher.group(spec.groups[i]);
      starts[i] = size;
      if (g != null) {
        byte[] bytes = g.getBytes(StandardCharsets.UTF_8);
        append(bytes, 0, bytes.length);
      }
      ends[i] = size;
    }
    return true;
  }

  private int openIndex(byte c) {
    for (int k = 0; k < spec.opens.length; k++) if (spec.opens[k] == c) return k;
    return -1;
  }

  private boolean tokenize(byte[] b, int s, int e) {
    byte sep = spec.separator;
    int n = spec.fields.length;
    int pos = s;
    for (int f = 0; f < n; f++) {
      if (f > 0) {
        if (pos >= e || b[pos] != sep) return false;
        pos++;
      }
      starts[f] = size;
      int q = pos < e ? openIndex(b[pos]) : -1;
      if (q >= 0) {
        pos = quoted(b, pos + 1, e, spec.closes[q]);
        if (pos < 0) return false;
      } else {
        int end = pos;
        while (end < e && b[end] != sep) end++;
        append(b, pos, end);
        pos = end;
      }
      ends[f] = size;
    }
    return pos == e || spec.ignoreExtra;
  }

  /** The inside of a quoted field from {@code i}: copied unescaped; the position after the
   * closing quote (which must end the field), or -1. */
  private int quoted(byte[] b, int i, int e, byte close) {
    int esc = spec.escape;
    while (i < e) {
      byte c = b[i];
      if (esc == close && c == close && i + 1 < e && b[i + 1] == close) {
        append(b, i, i + 1);
        i += 2;
      } else if (c == close) {
        int after = i + 1;
        return after == e || b[after] == spec.separator ? after : -1;
      } else if (esc >= 0 && esc != close && c == esc) {
        // Java's "." in the regex matches any code point: copy the whole UTF-8 sequence.
        if (i + 1 >= e) return -1;
        int len = Math.max(1, Utf8.sequenceLength(b, i + 1, e));
        append(b, i + 1, i + 1 + len);
        i += 1 + len;
      } else {
        append(b, i, i + 1);
        i++;
      }
    }
    return -1;
  }
}
