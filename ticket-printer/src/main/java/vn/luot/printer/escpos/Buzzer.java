package vn.luot.printer.escpos;

/**
 * Whether and how to beep when a ticket prints. Printers disagree on the command, so it is chosen per model; off
 * by default, since a beep at every ticket in a quiet lobby annoys more than it helps.
 */
public enum Buzzer {
  OFF,
  /** ESC ( A, fn 97: Epson models with a built-in buzzer. */
  EPSON,
  /** ESC B n t: Xprinter, Rongta and many other printers sold with kiosks. */
  ESC_B,
  /** BEL: printers that beep on the bell character. */
  BEL;

  /** The command for one short beep, or an empty array when off. */
  public byte[] command() {
    if (this == EPSON) return EscPos.beepEpson(1, 1);
    if (this == ESC_B) return EscPos.beepTimes(1, 2);
    if (this == BEL) return EscPos.bell();
    return new byte[0];
  }

  /** "off", "epson", "esc-b", "bel" as given on the command line. */
  public static Buzzer parse(String name) {
    for (Buzzer b : values()) if (b.name().replace('_', '-').equalsIgnoreCase(name)) return b;
    throw new IllegalArgumentException("buzzer must be off, epson, esc-b or bel, not " + name);
  }
}
