package vn.luot.printer.escpos;

import java.io.ByteArrayOutputStream;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.text.Normalizer;

/**
 * Vietnamese text as Windows-1258 bytes for the text mode. Windows-1258 has the base letters (ă, â, đ, ê, ô, ơ, ư and
 * a few toned letters) precomposed, and the five tone marks only as combining characters; Java's encoder does not
 * decompose, so "ệ" or "ữ" would become '?'. Here a letter the code page lacks is written as its base letter
 * followed by the combining tone mark, which is how Windows-1258 spells it and how printers that support the code
 * page expect it.
 */
public final class VietnameseCodePage {
  /** Epson's table number for Windows-1258 (ESC t 52); other makers use other numbers, hence configurable. */
  public static final int EPSON_WPC1258 = 52;
  static final Charset WINDOWS_1258 = Charset.forName("windows-1258");

  private VietnameseCodePage() {}

  public static byte[] encode(String text) {
    CharsetEncoder encoder = WINDOWS_1258.newEncoder();
    ByteArrayOutputStream out = new ByteArrayOutputStream(text.length() + 8);
    String nfc = Normalizer.normalize(text, Normalizer.Form.NFC);
    for (int i = 0; i < nfc.length(); ) {
      int cp = nfc.codePointAt(i);
      i += Character.charCount(cp);
      String ch = new String(Character.toChars(cp));
      if (encoder.canEncode(ch)) {
        out.writeBytes(bytes(encoder, ch));
        continue;
      }
      String decomposed = Normalizer.normalize(ch, Normalizer.Form.NFD);
      StringBuilder base = new StringBuilder();
      StringBuilder tones = new StringBuilder();
      for (char c : decomposed.toCharArray()) (isToneMark(c) ? tones : base).append(c);
      String composedBase = Normalizer.normalize(base, Normalizer.Form.NFC);
      if (tones.length() > 0 && encoder.canEncode(composedBase) && encoder.canEncode(tones)) {
        out.writeBytes(bytes(encoder, composedBase));
        out.writeBytes(bytes(encoder, tones.toString()));
      } else {
        out.write('?');
      }
    }
    return out.toByteArray();
  }

  /** Grave, acute, tilde, hook above, dot below: the tone marks Windows-1258 has as combining characters. */
  static boolean isToneMark(char c) {
    return c == '\u0300' || c == '\u0301' || c == '\u0303' || c == '\u0309' || c == '\u0323';
  }

  private static byte[] bytes(CharsetEncoder encoder, String s) {
    try {
      var buffer = encoder.reset().encode(CharBuffer.wrap(s));
      byte[] b = new byte[buffer.remaining()];
      buffer.get(b);
      return b;
    } catch (CharacterCodingException e) {
      throw new IllegalStateException("checked by canEncode: " + s, e);
    }
  }
}
