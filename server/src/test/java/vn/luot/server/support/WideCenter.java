package vn.luot.server.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A center with many fields, for tests that need big stream messages: every message carries the waiting count of
 * every field, so with 150 fields each event is ~3 KB instead of the demo center's ~200 bytes, and a few thousand
 * of them outgrow what the kernel buffers for a socket that is not read.
 */
public final class WideCenter {
  /** The field every ticket goes to; counter 1 serves it. */
  public static final String FIELD = "LINHVUC000000001";

  private WideCenter() {}

  /** Writes the center's YAML configuration into {@code dir} and returns the file. */
  public static Path write(Path dir, int fields) throws IOException {
    StringBuilder yaml = new StringBuilder("centers:\n  - id: default\n    name: \"Trung tâm thử tải\"\n    fields:\n");
    for (int i = 1; i <= fields; i++) {
      String prefix = i == 1 ? "A" : "" + (char) ('A' + i / 26) + (char) ('A' + i % 26);
      yaml.append(String.format("      - { code: LINHVUC%09d, name: \"Lĩnh vực %d\", prefix: %s }%n", i, i, prefix));
    }
    yaml.append("    counters:\n      - { id: \"1\", fields: [").append(FIELD).append("] }\n");
    return Files.writeString(dir.resolve("wide-center.yaml"), yaml);
  }
}
