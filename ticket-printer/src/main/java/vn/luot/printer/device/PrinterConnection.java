package vn.luot.printer.device;

import vn.luot.printer.escpos.StatusReport;

/**
 * Where tickets go: a network printer, a USB device file, or a folder of PNG files. Calls block and are made from
 * one print thread, one at a time; an implementation opens what it needs per call, so a printer switched off and on
 * again between tickets needs no reconnect logic.
 */
public interface PrinterConnection {
  /** Sends one ticket and returns once the printer (or file) took every byte. */
  void print(Printout printout) throws PrintException;

  /** Asks the printer how it is, where it can answer; never throws. */
  StatusReport status();

  /** The printer as given on the command line, for logs ("tcp://10.0.0.50:9100"). */
  String description();
}
