package vn.luot.printer.layout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import vn.luot.printer.testing.Images;

@DisplayName("The text layout fits the printer's columns and keeps the QR code as a picture")
class TextTicketLayoutTest {

  @ParameterizedTest(name = "{0}")
  @EnumSource(Paper.class)
  void fitsColumns(Paper paper) throws Exception {
    TextTicket text = new TextTicketLayout(paper).render(
        TicketLayoutTest.ticket("Lao động – Thương binh và Xã hội", "Ưu tiên — Người khuyết tật"));
    List<TextTicket.Line> lines = text.items().stream()
        .filter(TextTicket.Line.class::isInstance).map(TextTicket.Line.class::cast).toList();
    for (TextTicket.Line line : lines) {
      assertTrue(line.text().length() * line.style().scale() <= paper.columns(), line + " is too wide");
    }
    assertTrue(lines.contains(new TextTicket.Line("A012", TextTicket.Style.HUGE)), lines.toString());
    assertTrue(lines.contains(new TextTicket.Line("Ưu tiên — Người khuyết tật", TextTicket.Style.BOLD))
        || paper == Paper.MM58, lines.toString());
    TextTicket.Picture qr = text.items().stream()
        .filter(TextTicket.Picture.class::isInstance).map(TextTicket.Picture.class::cast).findFirst().orElseThrow();
    assertEquals(TicketLayoutTest.TRACK_URL, Images.decodeQr(qr.image()));
    assertEquals(0, qr.image().getWidth() % 8);
  }
}
