package vn.luot.printer.escpos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HexFormat;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("Each ESC/POS command writes exactly the bytes the Epson reference gives")
class EscPosTest {

  static Stream<Arguments> commands() {
    return Stream.of(
        golden("ESC @ initialize", EscPos::initialize, "1b40"),
        golden("ESC d 3 print and feed 3 lines", () -> EscPos.printAndFeedLines(3), "1b6403"),
        golden("GS V 66 0 feed to the cutter and partial cut", () -> EscPos.feedAndPartialCut(0), "1d564200"),
        golden("GS V 66 16 partial cut after 16 more units", () -> EscPos.feedAndPartialCut(16), "1d564210"),
        golden("ESC a 1 centered", () -> EscPos.selectJustification(EscPos.Justification.CENTER), "1b6101"),
        golden("ESC a 0 left", () -> EscPos.selectJustification(EscPos.Justification.LEFT), "1b6100"),
        golden("ESC E 1 emphasized on", () -> EscPos.emphasized(true), "1b4501"),
        golden("ESC E 0 emphasized off", () -> EscPos.emphasized(false), "1b4500"),
        golden("GS ! 0x11 double width and height", () -> EscPos.characterSize(2, 2), "1d2111"),
        golden("GS ! 0x33 quadruple size", () -> EscPos.characterSize(4, 4), "1d2133"),
        golden("GS ! 0 normal size", () -> EscPos.characterSize(1, 1), "1d2100"),
        golden("ESC t 52 Windows-1258 on Epson", () -> EscPos.selectCodeTable(52), "1b7434"),
        golden("LF", EscPos::lineFeed, "0a"),
        golden("DLE EOT 1 printer status", () -> EscPos.transmitRealTimeStatus(EscPos.StatusRequest.PRINTER), "100401"),
        golden("DLE EOT 2 offline cause", () -> EscPos.transmitRealTimeStatus(EscPos.StatusRequest.OFFLINE_CAUSE), "100402"),
        golden("DLE EOT 3 error cause", () -> EscPos.transmitRealTimeStatus(EscPos.StatusRequest.ERROR_CAUSE), "100403"),
        golden("DLE EOT 4 roll paper sensor", () -> EscPos.transmitRealTimeStatus(EscPos.StatusRequest.ROLL_PAPER), "100404"),
        golden("ESC ( A beeper, Epson form", () -> EscPos.beepEpson(1, 2), "1b28410300610102"),
        golden("ESC B beep 1 time for 100 ms", () -> EscPos.beepTimes(1, 2), "1b420102"),
        golden("BEL", EscPos::bell, "07"),
        golden("GS v 0 raster, 2 bytes by 1 row", () -> EscPos.printRasterBitImage(2, 1, new byte[] {(byte) 0xF0, 0x0F}, 0),
            "1d7630000200" + "0100" + "f00f"),
        golden("GS v 0 raster, 72 bytes (576 dots) by 300 rows: xL xH = 48 00, yL yH = 2C 01",
            () -> java.util.Arrays.copyOf(EscPos.printRasterBitImage(72, 300, new byte[72 * 300], 0), 8),
            "1d76300048002c01"),
        golden("buzzer off writes nothing", Buzzer.OFF::command, ""),
        golden("buzzer epson", Buzzer.EPSON::command, "1b28410300610101"));
  }

  private static Arguments golden(String name, Supplier<byte[]> command, String hex) {
    return Arguments.of(name, command, hex);
  }

  @ParameterizedTest(name = "{0} = {2}")
  @MethodSource("commands")
  void writesItsRawBytes(String name, Supplier<byte[]> command, String hex) {
    assertEquals(hex, HexFormat.of().formatHex(command.get()));
  }

  @Test
  @DisplayName("Out-of-range parameters fail loudly instead of sending a different command")
  void rejectsOutOfRange() {
    assertThrows(IllegalArgumentException.class, () -> EscPos.printAndFeedLines(256));
    assertThrows(IllegalArgumentException.class, () -> EscPos.characterSize(9, 1));
    assertThrows(IllegalArgumentException.class, () -> EscPos.printRasterBitImage(2, 2, new byte[3], 0));
    assertThrows(IllegalArgumentException.class, () -> EscPos.selectCodeTable(-1));
  }

  @Test
  @DisplayName("A command's bytes are a fresh array: changing one cannot change the next")
  void freshArrays() {
    byte[] first = EscPos.initialize();
    first[1] = 0;
    assertEquals("1b40", HexFormat.of().formatHex(EscPos.initialize()));
  }
}
