package vn.luot.printer.escpos;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.text.Normalizer;
import java.util.HexFormat;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@DisplayName("Text mode writes Vietnamese as Windows-1258, with tone marks as combining bytes where needed")
class VietnameseCodePageTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      // Đ D0; ấ = â E2 + acute EC; đ F0
      "Đất đai,    d0e2ec7420f06169",
      // ộ = ô F4 + dot below F2; ị = i + F2
      "Hộ tịch,    48f4f2207469f26368",
      // ứ = ư FD + acute EC; ự = ư FD + dot below F2
      "Chứng thực, 4368fdec6e67207468fdf263",
      // ó is precomposed in Windows-1258 (F3); ờ = ơ F5 + grave CC
      "Hóa thời,   48f361207468f5cc69",
      // ỗ = ô F4 + tilde DE; ẩ = â E2 + hook above D2
      "ỗ ẩ,        f4de20e2d2",
  })
  void encodes(String text, String hex) {
    assertEquals(hex, HexFormat.of().formatHex(VietnameseCodePage.encode(text)));
  }

  @Test
  @DisplayName("Decomposed input (as some keyboards type it) gives the same bytes as composed")
  void decomposedInput() {
    String composed = "Thương binh và Xã hội";
    String decomposed = Normalizer.normalize(composed, Normalizer.Form.NFD);
    assertEquals(HexFormat.of().formatHex(VietnameseCodePage.encode(composed)),
        HexFormat.of().formatHex(VietnameseCodePage.encode(decomposed)));
  }

  @Test
  @DisplayName("A character with no Windows-1258 spelling becomes '?', never a wrong letter")
  void unencodable() {
    assertEquals("3f", HexFormat.of().formatHex(VietnameseCodePage.encode("漢")));
  }
}
