package vn.luot.printer.escpos;

import java.util.Objects;

/** A printer status with a human-readable detail for the administrator ("paper end; offline"). */
public record StatusReport(PrinterStatus status, String detail) {
  public StatusReport {
    Objects.requireNonNull(status, "status");
    detail = detail == null ? "" : detail;
  }

  public static StatusReport of(PrinterStatus status, String detail) {
    return new StatusReport(status, detail);
  }
}
