package vn.luot.printer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The printed-jobs log remembers across restarts")
class PrintedLogTest {
  @TempDir
  Path dir;

  @Test
  @DisplayName("Steps survive a restart; the last step of a job counts")
  void survivesRestart() throws Exception {
    try (PrintedLog log = PrintedLog.open(dir)) {
      log.record(PrintedLog.State.PRINTING, "20261128-A012#1");
      log.record(PrintedLog.State.PRINTED, "20261128-A012#1");
      log.record(PrintedLog.State.PRINTING, "20261128-A013#1");
    }
    try (PrintedLog log = PrintedLog.open(dir)) {
      assertEquals(PrintedLog.State.PRINTED, log.state("20261128-A012#1"));
      assertEquals(PrintedLog.State.PRINTING, log.state("20261128-A013#1"), "cut off while printing: in doubt");
      assertNull(log.state("20261128-A012#2"));
    }
    assertEquals("printing 20261128-A012#1\nprinted 20261128-A012#1\nprinting 20261128-A013#1\n",
        Files.readString(dir.resolve(PrintedLog.FILE)));
  }

  @Test
  @DisplayName("A torn last line (power cut mid-write) is dropped, and the log goes on cleanly after it")
  void tornLine() throws Exception {
    Files.writeString(dir.resolve(PrintedLog.FILE), "printing J1\nprinted J1\nprinting J2\nprin",
        StandardCharsets.UTF_8);
    try (PrintedLog log = PrintedLog.open(dir)) {
      assertEquals(PrintedLog.State.PRINTED, log.state("J1"));
      assertEquals(PrintedLog.State.PRINTING, log.state("J2"));
      log.record(PrintedLog.State.FAILED, "J2");
    }
    assertEquals("printing J1\nprinted J1\nprinting J2\nfailed J2\n", Files.readString(dir.resolve(PrintedLog.FILE)));
  }

  @Test
  @DisplayName("A second agent on the same state folder is refused")
  void oneAgentPerFolder() throws Exception {
    try (PrintedLog first = PrintedLog.open(dir)) {
      IOException e = assertThrows(IOException.class, () -> PrintedLog.open(dir));
      assertTrue(e.getMessage().contains("another print agent"), e.getMessage());
    }
  }

  @Test
  @DisplayName("A large log is compacted at start to the newest jobs")
  void compaction() throws Exception {
    StringBuilder lines = new StringBuilder();
    for (int i = 0; i < PrintedLog.COMPACT_ABOVE + 10; i++) lines.append("printed J").append(i).append('\n');
    Files.writeString(dir.resolve(PrintedLog.FILE), lines, StandardOpenOption.CREATE);
    try (PrintedLog log = PrintedLog.open(dir)) {
      assertEquals(PrintedLog.KEEP, log.size());
      assertEquals(PrintedLog.State.PRINTED, log.state("J" + (PrintedLog.COMPACT_ABOVE + 9)));
      assertNull(log.state("J0"));
    }
    assertEquals(PrintedLog.KEEP, Files.readAllLines(dir.resolve(PrintedLog.FILE)).size());
  }
}
