package vn.luot.printer.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.image.BufferedImage;
import java.time.OffsetDateTime;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.luot.printer.testing.Images;

@DisplayName("The ticket layout draws a 1-bit image exactly as wide as the paper")
class TicketLayoutTest {
  static final String TRACK_URL = "http://192.168.1.10:8080/t/default.SUOc8yR-N0jofW53q4m2Jg";

  static TicketData ticket(String field, String priority) {
    return new TicketData(GlyphCoverageTest.CENTER_NAME, field, "A012", priority,
        OffsetDateTime.parse("2026-11-28T14:05:09.123+07:00"), 3, 12, TRACK_URL);
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(Paper.class)
  @DisplayName("Width is the paper's dots, the image is 1-bit, and its QR code reads back as the tracking link")
  void sizeTypeAndQr(Paper paper) throws Exception {
    BufferedImage image = new TicketLayout(paper).render(ticket("Đất đai", null));
    assertEquals(paper.dots(), image.getWidth());
    assertEquals(BufferedImage.TYPE_BYTE_BINARY, image.getType());
    assertTrue(image.getHeight() > 500 && image.getHeight() < 1200, "a ticket, not a scroll: " + image.getHeight());
    assertEquals(TRACK_URL, Images.decodeQr(image));
  }

  @Test
  @DisplayName("The same ticket renders to the same pixels every time (the preview is the printout)")
  void deterministic() {
    TicketLayout layout = new TicketLayout(Paper.MM80);
    assertNull(Images.firstDifference(layout.render(ticket("Hộ tịch", null)), layout.render(ticket("Hộ tịch", null))));
  }

  @Test
  @DisplayName("A priority ticket carries an extra band; a long field name wraps instead of being cut")
  void priorityAndWrapping() {
    TicketLayout layout = new TicketLayout(Paper.MM58);
    int plain = layout.render(ticket("Đất đai", null)).getHeight();
    int priority = layout.render(ticket("Đất đai", "Ưu tiên — Người cao tuổi")).getHeight();
    int longField = layout.render(ticket("Lao động – Thương binh và Xã hội", null)).getHeight();
    assertTrue(priority > plain + 20, plain + " → " + priority);
    assertTrue(longField > plain + 20, plain + " → " + longField);
  }

  @Test
  @DisplayName("Balanced wrapping evens out the lines: no single word left alone on the last one")
  void balancedWrap() {
    Font font = TicketFonts.bundled().bold(27f);
    FontMetrics metrics = new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY).createGraphics().getFontMetrics(font);
    int width = metrics.stringWidth("Trung tâm Phục vụ Hành chính công TP");
    List<String> greedy = TicketLayout.wrap(GlyphCoverageTest.CENTER_NAME, metrics, width);
    List<String> balanced = TicketLayout.wrapBalanced(GlyphCoverageTest.CENTER_NAME, metrics, width);
    assertEquals(List.of("Trung tâm Phục vụ Hành chính công TP", "Thanh Hóa"), greedy);
    assertEquals(2, balanced.size());
    int difference = Math.abs(metrics.stringWidth(balanced.get(0)) - metrics.stringWidth(balanced.get(1)));
    assertTrue(difference < width / 4, balanced.toString());
  }

  @Test
  @DisplayName("Labels read as the issue asks: date and time, people ahead, estimated wait, footer")
  void labels() {
    TicketLabels labels = new TicketLabels();
    assertEquals("Ngày giờ: 28/11/2026 14:05", labels.issuedAt(OffsetDateTime.parse("2026-11-28T14:05:09+07:00")));
    assertEquals("Số người chờ trước bạn: 3", labels.ahead(3));
    assertEquals("Thời gian chờ dự kiến: khoảng 12 phút", labels.estimatedWait(12));
    assertEquals("Thời gian chờ dự kiến: dưới 1 phút", labels.estimatedWait(0));
    assertEquals("Ưu tiên — Người cao tuổi", labels.priority("ELDERLY"));
    assertEquals("Ưu tiên", labels.priority("SOMETHING_NEW"));
    assertEquals("Quét mã QR để theo dõi lượt của bạn trên điện thoại. Vui lòng chú ý màn hình và loa gọi số.",
        labels.footer());
  }
}
