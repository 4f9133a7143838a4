package vn.luot.printer.escpos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("DLE EOT answers decode to the printer's most pressing condition")
class RealTimeStatusTest {

  @ParameterizedTest(name = "{0} {1} {2} → {3} ({4})")
  @CsvSource(delimiter = '|', value = {
      "12 | 12 | 12 | OK         | online",
      "1A | 32 | 7E | PAPER_OUT  | paper end; offline",
      "12 | 12 | 1E | PAPER_LOW  | paper near end",
      "1A | 16 | 12 | COVER_OPEN | cover open; offline",
      "1A | 36 | 72 | COVER_OPEN | cover open; paper end; offline",
      "1A | 52 | 12 | ERROR      | error occurred; offline",
      "1A | 12 | 12 | OFFLINE    | offline",
      "3A | 1A | 12 | OFFLINE    | paper fed by the feed button; waiting for online recovery; offline",
      "12 | 12 | 72 | PAPER_OUT  | paper end",
  })
  void decodes(String printer, String offline, String paper, PrinterStatus status, String detail) {
    StatusReport report = RealTimeStatus.decode(Integer.parseInt(printer, 16), Integer.parseInt(offline, 16),
        Integer.parseInt(paper, 16));
    assertEquals(status, report.status());
    assertEquals(detail, report.detail());
  }

  @Test
  @DisplayName("A byte without the fixed bits (0xx1xx10 pattern) is not a status answer: UNKNOWN")
  void notAStatusByte() {
    StatusReport report = RealTimeStatus.decode(0x00, 0x12, 0x12);
    assertEquals(PrinterStatus.UNKNOWN, report.status());
    assertEquals("not a DLE EOT answer: 00 12 12", report.detail());
    assertFalse(RealTimeStatus.isStatusByte(0x93));
    assertTrue(RealTimeStatus.isStatusByte(0x7E));
  }

  @Test
  @DisplayName("Paper low and unknown still print; paper out, cover open, offline and error do not")
  void blocksPrinting() {
    assertFalse(PrinterStatus.OK.blocksPrinting());
    assertFalse(PrinterStatus.PAPER_LOW.blocksPrinting());
    assertFalse(PrinterStatus.UNKNOWN.blocksPrinting());
    assertTrue(PrinterStatus.PAPER_OUT.blocksPrinting());
    assertTrue(PrinterStatus.COVER_OPEN.blocksPrinting());
    assertTrue(PrinterStatus.OFFLINE.blocksPrinting());
    assertTrue(PrinterStatus.ERROR.blocksPrinting());
  }
}
