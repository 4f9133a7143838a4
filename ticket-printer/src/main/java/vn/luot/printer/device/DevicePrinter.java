package vn.luot.printer.device;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.StatusReport;

/**
 * A printer behind a device file, such as a USB printer at {@code /dev/usb/lp0} (Linux usblp driver).
 *
 * <p>Write only. Linux's usblp can be read, but a read blocks until the printer sends something, a blocked read keeps
 * the device open, and usblp allows one opener: one unanswered status request would stop all printing. So the status
 * is what the file system tells: device present and writable → UNKNOWN (it may still be out of paper), device missing
 * → OFFLINE (unplugged or switched off), not writable → ERROR (the agent's user is not in the {@code lp} group).
 * A write that blocks (usblp waits while the printer is out of paper) is cut off after the job timeout.
 */
public final class DevicePrinter implements PrinterConnection {
  private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "luot-device-watchdog");
    t.setDaemon(true);
    return t;
  });

  private final Path device;
  private final Duration jobTimeout;

  public DevicePrinter(Path device, Duration jobTimeout) {
    this.device = Objects.requireNonNull(device, "device");
    this.jobTimeout = Objects.requireNonNull(jobTimeout, "jobTimeout");
  }

  @Override
  public void print(Printout printout) throws PrintException {
    StatusReport status = status();
    if (status.status().blocksPrinting()) throw new PrintException(status.status(), status.detail());
    try (FileChannel channel = FileChannel.open(device, openOptions())) {
      Thread printing = Thread.currentThread();
      // Interrupting a thread blocked in a FileChannel write closes the channel and wakes the write.
      ScheduledFuture<?> watchdog = WATCHDOG.schedule(printing::interrupt, jobTimeout.toMillis(), TimeUnit.MILLISECONDS);
      try {
        ByteBuffer bytes = ByteBuffer.wrap(printout.escPos());
        while (bytes.hasRemaining()) channel.write(bytes);
      } finally {
        watchdog.cancel(false);
        Thread.interrupted();   // clear an interrupt that raced with the end of the write
      }
    } catch (ClosedByInterruptException e) {
      throw new PrintException(PrinterStatus.OFFLINE,
          device + " took no data for " + jobTimeout.toSeconds() + " s (out of paper or cover open?)", e);
    } catch (NoSuchFileException e) {
      throw new PrintException(PrinterStatus.OFFLINE, missing(), e);
    } catch (AccessDeniedException e) {
      throw new PrintException(PrinterStatus.ERROR, denied(), e);
    } catch (IOException e) {
      throw new PrintException(PrinterStatus.ERROR, "cannot write " + device + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StatusReport status() {
    if (!Files.exists(device)) {
      return isDevicePath() ? StatusReport.of(PrinterStatus.OFFLINE, missing())
          : StatusReport.of(PrinterStatus.UNKNOWN, device + " will be created");
    }
    if (!Files.isWritable(device)) return StatusReport.of(PrinterStatus.ERROR, denied());
    return StatusReport.of(PrinterStatus.UNKNOWN, device + " present (a device file reports no paper status)");
  }

  @Override
  public String description() {
    return "file:" + device;
  }

  /** A missing path under /dev is an unplugged printer, never a file to create; elsewhere (tests, captures) create it. */
  private OpenOption[] openOptions() {
    return isDevicePath()
        ? new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND}
        : new OpenOption[] {StandardOpenOption.WRITE, StandardOpenOption.APPEND, StandardOpenOption.CREATE};
  }

  private boolean isDevicePath() {
    return device.toAbsolutePath().startsWith("/dev");
  }

  private String missing() {
    return "no device at " + device + " (printer unplugged or switched off?)";
  }

  private String denied() {
    return "no permission to write " + device + " (add the agent's user to the lp group)";
  }
}
