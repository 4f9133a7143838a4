package vn.luot.printer.layout;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An independent reader: Tesseract with Vietnamese data OCRs the rendered 80 mm ticket. Skipped with the
 * LUOT-MISSING-TOOL marker when Tesseract or its Vietnamese data is not installed (CI installs them and fails on
 * the marker).
 */
@DisplayName("OCR (Tesseract, Vietnamese) reads the number and the field name off the rendered ticket")
class OcrTest {
  static final String MISSING = "LUOT-MISSING-TOOL: tesseract-ocr tesseract-ocr-vie";

  @TempDir
  Path dir;

  /**
   * The PNG as printed, 203 dpi, not scaled: doubling it (nearest neighbour) made Tesseract read fewer numbers right
   * (25 of 32 sample tickets against 31 of 32), as its blocky edges look less like print.
   */
  @ParameterizedTest(name = "{2} mm: {0} {1}")
  @CsvSource({
      "A012, Đất đai, 80",
      "B105, Hộ tịch, 80",
      "C230, Chứng thực, 80",
      "D047, Đăng ký kinh doanh, 80",
      "E008, Xây dựng, 80",
      "F001, Lao động – Thương binh và Xã hội, 80",
      "A012, Đất đai, 58",
  })
  void readsNumberAndField(String number, String field, int millimetres) throws Exception {
    requireTesseract();
    TicketData ticket = new TicketData(GlyphCoverageTest.CENTER_NAME, field, number, null,
        TicketLayoutTest.ticket(field, null).issuedAt(), 3, 12, TicketLayoutTest.TRACK_URL);
    BufferedImage image = new TicketLayout(Paper.ofMillimetres(millimetres)).render(ticket);
    Path png = dir.resolve(number + ".png");
    ImageIO.write(image, "png", png.toFile());
    String text = tesseract(png);
    List<String> lines = text.lines().map(String::strip).toList();
    assertTrue(lines.contains(number), "number " + number + " not read on a line of its own; OCR gave:\n" + text);
    assertTrue(flat(text).contains(flat(field)), "field " + field + " not read; OCR gave:\n" + text);
  }

  /** A long field name wraps onto two lines, and OCR reads the en dash as a hyphen: compare words only. */
  private static String flat(String text) {
    return text.replace('–', '-').replaceAll("\\s+", " ").strip();
  }

  private static String tesseract(Path png) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("tesseract", png.toString(), "stdout", "-l", "vie")
        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("tesseract did not finish");
    }
    return text;
  }

  private static void requireTesseract() {
    boolean ready;
    try {
      Process p = new ProcessBuilder("tesseract", "--list-langs").redirectErrorStream(true).start();
      List<String> langs = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
      ready = p.waitFor(20, TimeUnit.SECONDS) && langs.contains("vie");
    } catch (IOException | InterruptedException e) {
      ready = false;
    }
    if (!ready) System.out.println(MISSING);
    Assumptions.assumeTrue(ready, MISSING);
  }
}
