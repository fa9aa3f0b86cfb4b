package dev.voicetrace.core.console;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** A PrintStream for tests that keeps the bytes written and each separate {@code print(String)} call. */
final class ConsoleOutput extends PrintStream {

  private final ByteArrayOutputStream bytes;
  private final List<String> prints = Collections.synchronizedList(new ArrayList<>());

  ConsoleOutput() {
    this(new ByteArrayOutputStream());
  }

  private ConsoleOutput(ByteArrayOutputStream bytes) {
    super(bytes, true, StandardCharsets.UTF_8);
    this.bytes = bytes;
  }

  @Override
  public void print(String s) {
    prints.add(s);
    super.print(s);
  }

  /** Every separate print call, in order. */
  List<String> prints() {
    synchronized (prints) {
      return new ArrayList<>(prints);
    }
  }

  String text() {
    flush();
    synchronized (this) {
      return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }
  }

  List<String> lines() {
    String text = text();
    if (text.isEmpty()) {
      return new ArrayList<>();
    }
    return Arrays.stream(text.split("\\R")).collect(Collectors.toList());
  }

  /** Tree depth of a printed line: 0 for a root line, 1 for "├─ x", 2 for "│  └─ x", ... */
  static int depth(String line) {
    int depth = 0;
    int i = 0;
    while (line.startsWith("│  ", i) || line.startsWith("   ", i)) {
      depth++;
      i += 3;
    }
    if (line.startsWith("├─ ", i) || line.startsWith("└─ ", i)) {
      return depth + 1;
    }
    return depth == 0 ? 0 : -1;
  }

  /** The line without its tree prefix. */
  static String body(String line) {
    int i = 0;
    while (line.startsWith("│  ", i) || line.startsWith("   ", i)) {
      i += 3;
    }
    if (line.startsWith("├─ ", i) || line.startsWith("└─ ", i)) {
      i += 3;
    }
    return line.substring(i);
  }
}
