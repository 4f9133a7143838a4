package vn.luot.printer.device;

import java.io.IOException;
import java.util.Objects;
import vn.luot.printer.escpos.PrinterStatus;

/** A ticket did not print; {@link #reason()} is what the agent reports ({@code PAPER_OUT}, {@code OFFLINE}, …). */
public final class PrintException extends IOException {
  private final PrinterStatus reason;

  public PrintException(PrinterStatus reason, String detail) {
    this(reason, detail, null);
  }

  public PrintException(PrinterStatus reason, String detail, Throwable cause) {
    super(detail, cause);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  public PrinterStatus reason() { return reason; }

  public String detail() { return getMessage(); }
}
