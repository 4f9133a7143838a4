package vn.luot.printer.escpos;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes the answers to DLE EOT 1, 2 and 4 (Epson ESC/POS command reference, "DLE EOT n"). Every answer byte has
 * bits 1 and 4 set and bits 0 and 7 clear ({@code (b & 0x93) == 0x12}); a byte without that pattern is not a status
 * answer (another protocol, or automatic status back interleaved) and decodes as UNKNOWN.
 *
 * <pre>
 * n = 1 printer status:  bit 3  offline
 *                        bit 5  waiting for online recovery
 * n = 2 offline cause:   bit 2  cover open
 *                        bit 3  paper being fed by the feed button
 *                        bit 5  printing stopped by paper end
 *                        bit 6  error occurred
 * n = 4 roll paper:      bits 2, 3  near-end sensor: paper near end
 *                        bits 5, 6  end sensor: paper not present
 * </pre>
 * A healthy online printer answers {@code 12 12 12}; out of paper it answers e.g. {@code 1A 32 7E}.
 */
public final class RealTimeStatus {
  static final int FIXED_MASK = 0x93;
  static final int FIXED_BITS = 0x12;

  static final int PRINTER_OFFLINE = 0x08;
  static final int PRINTER_WAITING_RECOVERY = 0x20;
  static final int OFFLINE_COVER_OPEN = 0x04;
  static final int OFFLINE_FEED_BUTTON = 0x08;
  static final int OFFLINE_PAPER_END_STOP = 0x20;
  static final int OFFLINE_ERROR = 0x40;
  static final int PAPER_NEAR_END = 0x0C;
  static final int PAPER_END = 0x60;

  private RealTimeStatus() {}

  /** Whether a byte has the fixed bits of a DLE EOT answer. */
  public static boolean isStatusByte(int b) {
    return (b & FIXED_MASK) == FIXED_BITS;
  }

  /** The printer's condition from its three answers, the most pressing condition first. */
  public static StatusReport decode(int printer, int offlineCause, int rollPaper) {
    for (int b : new int[] {printer, offlineCause, rollPaper}) {
      if (!isStatusByte(b)) {
        return StatusReport.of(PrinterStatus.UNKNOWN, String.format("not a DLE EOT answer: %02X %02X %02X",
            printer & 0xFF, offlineCause & 0xFF, rollPaper & 0xFF));
      }
    }
    List<String> found = new ArrayList<>();
    boolean coverOpen = (offlineCause & OFFLINE_COVER_OPEN) != 0;
    boolean paperEnd = (rollPaper & PAPER_END) != 0 || (offlineCause & OFFLINE_PAPER_END_STOP) != 0;
    boolean error = (offlineCause & OFFLINE_ERROR) != 0;
    boolean offline = (printer & PRINTER_OFFLINE) != 0;
    boolean nearEnd = (rollPaper & PAPER_NEAR_END) != 0;
    if (coverOpen) found.add("cover open");
    if (paperEnd) found.add("paper end");
    if (error) found.add("error occurred");
    if ((offlineCause & OFFLINE_FEED_BUTTON) != 0) found.add("paper fed by the feed button");
    if ((printer & PRINTER_WAITING_RECOVERY) != 0) found.add("waiting for online recovery");
    if (offline) found.add("offline");
    if (nearEnd && !paperEnd) found.add("paper near end");
    String detail = String.join("; ", found);

    PrinterStatus status;
    if (coverOpen) status = PrinterStatus.COVER_OPEN;
    else if (paperEnd) status = PrinterStatus.PAPER_OUT;
    else if (error) status = PrinterStatus.ERROR;
    else if (offline) status = PrinterStatus.OFFLINE;
    else if (nearEnd) status = PrinterStatus.PAPER_LOW;
    else status = PrinterStatus.OK;
    return StatusReport.of(status, detail.isEmpty() ? "online" : detail);
  }
}
