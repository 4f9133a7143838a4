package vn.luot.printer.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

@DisplayName("The bundled fonts draw every character of the demo names and the labels (no missing-glyph boxes)")
class GlyphCoverageTest {
  static final List<String> FIELD_NAMES = List.of("Đất đai", "Hộ tịch", "Chứng thực", "Đăng ký kinh doanh", "Xây dựng",
      "Lao động – Thương binh và Xã hội");
  static final String CENTER_NAME = "Trung tâm Phục vụ Hành chính công TP Thanh Hóa";
  /** Every Vietnamese letter, lower and upper case, for good measure beyond the demo names. */
  static final String ALPHABET = "aàảãáạăằẳẵắặâầẩẫấậbcdđeèẻẽéẹêềểễếệghiìỉĩíịklmnoòỏõóọôồổỗốộơờởỡớợpqrstuùủũúụưừửữứự"
      + "vxyỳỷỹýỵ0123456789";

  static Stream<Arguments> textsAndFonts() {
    TicketFonts fonts = TicketFonts.bundled();
    Font regular = fonts.regular(24f);
    Font bold = fonts.bold(24f);
    Font display = fonts.display(24f);
    List<Arguments> cases = new ArrayList<>();
    for (String field : FIELD_NAMES) cases.add(Arguments.of("field name (display)", display, field));
    cases.add(Arguments.of("center name (bold)", bold, CENTER_NAME));
    for (String label : new TicketLabels().all()) {
      cases.add(Arguments.of("label (regular)", regular, label));
      cases.add(Arguments.of("label (bold)", bold, label));
    }
    for (Font font : List.of(regular, bold, display)) {
      cases.add(Arguments.of("alphabet " + font.getFontName(), font, ALPHABET + ALPHABET.toUpperCase()));
      cases.add(Arguments.of("number glyphs " + font.getFontName(), font, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
    }
    return cases.stream();
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("textsAndFonts")
  void fontDrawsEveryCharacter(String what, Font font, String text) {
    int missing = font.canDisplayUpTo(text);
    assertEquals(-1, missing, () -> font.getFontName() + " cannot draw '" + text.charAt(missing) + "' (U+"
        + Integer.toHexString(text.charAt(missing)).toUpperCase() + ") in " + text);
  }
}
