package vn.luot.printer.escpos;

/**
 * The ESC/POS commands the ticket printer uses, each named after the Epson ESC/POS command reference and returning
 * its raw bytes (a new array per call, so no caller can change another's command).
 *
 * <p>Why our own few commands and not escpos-coffee: a raster ticket needs four commands (initialise, raster image,
 * feed, cut), the text mode four more (justification, emphasis, size, code table), plus the real-time status request
 * that escpos-coffee has no API for and we would write by hand anyway. Writing them here keeps every byte the printer
 * receives visible in one file and under golden-byte tests, and keeps the agent jar free of a dependency for one
 * page of code. QR codes are drawn into the raster image (by ZXing) rather than sent as GS ( k, because
 * GS ( k support varies between the cheap printers kiosks ship with, while GS v 0 works on all of them.
 */
public final class EscPos {
  public static final byte LF = 0x0A;
  public static final byte BEL = 0x07;
  public static final byte DLE = 0x10;
  public static final byte EOT = 0x04;
  public static final byte ESC = 0x1B;
  public static final byte GS = 0x1D;

  /** GS v 0 takes up to 65535 rows, but printers buffer far less; bands keep each command small. */
  public static final int MAX_RASTER_BAND_ROWS = 255;
  /** GS v 0's limit on bytes per row (xL + xH × 256 ≤ 65535; printers accept their head width, 72 for 576 dots). */
  public static final int MAX_RASTER_WIDTH_BYTES = 0xFFFF;

  private EscPos() {}

  /** ESC @ — Initialize printer: clears the buffer and resets modes to their power-on values. {@code 1B 40}. */
  public static byte[] initialize() {
    return new byte[] {ESC, '@'};
  }

  /** ESC d n — Print and feed n lines. {@code 1B 64 n}. */
  public static byte[] printAndFeedLines(int lines) {
    return new byte[] {ESC, 'd', unsignedByte(lines, "lines")};
  }

  /**
   * GS V m n with m = 66 (function B) — Feed paper to (cutting position + n × vertical motion unit) and partial cut.
   * {@code 1D 56 42 n}. Partial: a small hinge is left so the ticket hangs for the citizen to take, not falls.
   */
  public static byte[] feedAndPartialCut(int extraFeed) {
    return new byte[] {GS, 'V', 66, unsignedByte(extraFeed, "extraFeed")};
  }

  /**
   * GS v 0 m xL xH yL yH d1…dk — Print raster bit image, normal density (m = 0). {@code 1D 76 30 00 xL xH yL yH}
   * then {@code widthBytes × rows} bytes, row by row, most significant bit leftmost, 1 = print a dot.
   */
  public static byte[] printRasterBitImage(int widthBytes, int rows, byte[] data, int offset) {
    if (widthBytes < 1 || widthBytes > MAX_RASTER_WIDTH_BYTES) throw new IllegalArgumentException("widthBytes " + widthBytes);
    if (rows < 1 || rows > 0xFFFF) throw new IllegalArgumentException("rows " + rows);
    int length = widthBytes * rows;
    if (offset < 0 || offset + length > data.length) {
      throw new IllegalArgumentException("raster data too short: need " + length + " bytes from " + offset);
    }
    byte[] command = new byte[8 + length];
    command[0] = GS;
    command[1] = 'v';
    command[2] = '0';
    command[3] = 0;                          // m = 0: normal width and height
    command[4] = (byte) (widthBytes & 0xFF);  // xL
    command[5] = (byte) (widthBytes >>> 8);   // xH
    command[6] = (byte) (rows & 0xFF);        // yL
    command[7] = (byte) (rows >>> 8);         // yH
    System.arraycopy(data, offset, command, 8, length);
    return command;
  }

  /** ESC a n — Select justification: 0 left, 1 centered, 2 right. {@code 1B 61 n}. */
  public static byte[] selectJustification(Justification justification) {
    return new byte[] {ESC, 'a', (byte) justification.ordinal()};
  }

  /** ESC E n — Turn emphasized (bold) mode on or off. {@code 1B 45 01} / {@code 1B 45 00}. */
  public static byte[] emphasized(boolean on) {
    return new byte[] {ESC, 'E', (byte) (on ? 1 : 0)};
  }

  /** GS ! n — Select character size: width and height multipliers 1–8, n = (width−1) × 16 + (height−1). {@code 1D 21 n}. */
  public static byte[] characterSize(int width, int height) {
    if (width < 1 || width > 8 || height < 1 || height > 8) {
      throw new IllegalArgumentException("character size multipliers are 1..8, not " + width + "×" + height);
    }
    return new byte[] {GS, '!', (byte) ((width - 1) << 4 | (height - 1))};
  }

  /** ESC t n — Select character code table n (model-specific numbering; 52 is Windows-1258 on Epson). {@code 1B 74 n}. */
  public static byte[] selectCodeTable(int table) {
    return new byte[] {ESC, 't', unsignedByte(table, "table")};
  }

  /** LF — Print and line feed. {@code 0A}. */
  public static byte[] lineFeed() {
    return new byte[] {LF};
  }

  /**
   * DLE EOT n — Transmit real-time status: the printer answers one status byte, even when offline or busy.
   * {@code 10 04 n}.
   */
  public static byte[] transmitRealTimeStatus(StatusRequest request) {
    return new byte[] {DLE, EOT, (byte) request.n};
  }

  /**
   * ESC ( A pL pH fn n c — Beeper, Epson form (fn = 97, pattern n, c times): {@code 1B 28 41 03 00 61 n c}. Models
   * with a built-in buzzer (TM-T20III, TM-T88VI, TM-m30) sound it; others ignore it.
   */
  public static byte[] beepEpson(int pattern, int times) {
    return new byte[] {ESC, '(', 'A', 3, 0, 97, unsignedByte(pattern, "pattern"), unsignedByte(times, "times")};
  }

  /** ESC B n t — Beep n times for t × 50 ms: the buzzer command of many non-Epson printers (Xprinter, Rongta). {@code 1B 42 n t}. */
  public static byte[] beepTimes(int times, int duration50ms) {
    return new byte[] {ESC, 'B', unsignedByte(times, "times"), unsignedByte(duration50ms, "duration")};
  }

  /** BEL — Sound the buzzer once, on printers that treat BEL as a beep (Star line mode, some Epson). {@code 07}. */
  public static byte[] bell() {
    return new byte[] {BEL};
  }

  /** ESC a's parameter. */
  public enum Justification { LEFT, CENTER, RIGHT }

  /** DLE EOT's parameter: which status byte to send back. */
  public enum StatusRequest {
    /** n = 1: printer status (online or offline). */
    PRINTER(1),
    /** n = 2: offline cause (cover open, paper end stop, error). */
    OFFLINE_CAUSE(2),
    /** n = 3: error cause (cutter, unrecoverable, auto-recoverable). */
    ERROR_CAUSE(3),
    /** n = 4: roll paper sensor (near end, end). */
    ROLL_PAPER(4);

    private final int n;

    StatusRequest(int n) { this.n = n; }

    public int n() { return n; }
  }

  private static byte unsignedByte(int value, String name) {
    if (value < 0 || value > 255) throw new IllegalArgumentException(name + " must be 0..255, not " + value);
    return (byte) value;
  }
}
