package vn.luot.printer.escpos;

/** The printer conditions the agent reports to the server ({@code {"type":"status","printer":…}}). */
public enum PrinterStatus {
  OK,
  /** Roll near its end: still prints, someone should bring paper. */
  PAPER_LOW,
  PAPER_OUT,
  COVER_OPEN,
  /** Not answering, unplugged, or offline for a reason it did not name. */
  OFFLINE,
  ERROR,
  /** The connection cannot tell (a one-way device file, a printer that does not answer DLE EOT). */
  UNKNOWN;

  /** Whether a print would surely fail now, so the agent should not send the job. */
  public boolean blocksPrinting() {
    return this == PAPER_OUT || this == COVER_OPEN || this == OFFLINE || this == ERROR;
  }
}
