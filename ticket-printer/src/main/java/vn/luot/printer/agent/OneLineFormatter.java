package vn.luot.printer.agent;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One log record per line — {@code 2026-11-28 14:05:09.123 INFO  JobRunner: printed job …} — with a throwable's
 * class and message chain on the same line, so a kiosk's journal (systemd, Windows service log) stays greppable.
 */
final class OneLineFormatter extends Formatter {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

  @Override
  public String format(LogRecord record) {
    StringBuilder line = new StringBuilder(160);
    line.append(TIME.format(Instant.ofEpochMilli(record.getMillis()))).append(' ');
    line.append(String.format("%-7s", record.getLevel().getName())).append(' ');
    String logger = record.getLoggerName() == null ? "" : record.getLoggerName();
    line.append(logger.substring(logger.lastIndexOf('.') + 1)).append(": ");
    line.append(formatMessage(record).replace('\n', ' '));
    for (Throwable t = record.getThrown(); t != null; t = t.getCause()) {
      line.append(" | ").append(t.getClass().getName());
      if (t.getMessage() != null) line.append(": ").append(t.getMessage().replace('\n', ' '));
      if (t.getCause() == t) break;
    }
    return line.append(System.lineSeparator()).toString();
  }
}
