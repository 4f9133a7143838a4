package vn.luot.printer.layout;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The same ticket as {@link TicketLayout}, as text lines for the printer's own font: an option for printers known to
 * print Vietnamese from a code page (Windows-1258). Raster stays the default, because many printers sold with kiosks
 * have no Vietnamese code page, number it differently, or do not stack tone marks; the text mode is faster to print
 * and uses less paper where it does work.
 */
public final class TextTicketLayout {
  /** Dots per QR module on the printed code; 6 dots is 0.75 mm, which phones read easily. */
  private static final int QR_SCALE_80 = 6;
  private static final int QR_SCALE_58 = 5;

  private final Paper paper;
  private final TicketLabels labels;

  public TextTicketLayout(Paper paper) {
    this(paper, new TicketLabels());
  }

  public TextTicketLayout(Paper paper, TicketLabels labels) {
    this.paper = Objects.requireNonNull(paper, "paper");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  public TextTicket render(TicketData ticket) {
    List<TextTicket.Item> items = new ArrayList<>();
    add(items, ticket.centerName(), TextTicket.Style.BOLD);
    items.add(new TextTicket.Line("-".repeat(paper.columns()), TextTicket.Style.NORMAL));
    add(items, ticket.fieldName(), TextTicket.Style.LARGE);
    add(items, labels.numberCaption(), TextTicket.Style.NORMAL);
    add(items, ticket.number(), TextTicket.Style.HUGE);
    if (ticket.priorityLabel() != null) add(items, ticket.priorityLabel(), TextTicket.Style.BOLD);
    items.add(new TextTicket.Line("", TextTicket.Style.NORMAL));
    add(items, labels.issuedAt(ticket.issuedAt()), TextTicket.Style.NORMAL);
    add(items, labels.ahead(ticket.ahead()), TextTicket.Style.NORMAL);
    add(items, labels.estimatedWait(ticket.estimatedWaitMinutes()), TextTicket.Style.NORMAL);
    items.add(new TextTicket.Picture(QrCodes.image(ticket.trackUrl(), paper == Paper.MM80 ? QR_SCALE_80 : QR_SCALE_58)));
    add(items, labels.footer(), TextTicket.Style.NORMAL);
    return new TextTicket(paper, items);
  }

  private void add(List<TextTicket.Item> items, String text, TextTicket.Style style) {
    for (String line : wrap(Normalizer.normalize(text, Normalizer.Form.NFC), paper.columns() / style.scale())) {
      items.add(new TextTicket.Line(line, style));
    }
  }

  /** Greedy word wrap by characters; a word longer than a line is cut. */
  static List<String> wrap(String text, int columns) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      while (word.length() > columns) {
        if (line.length() > 0) {
          lines.add(line.toString());
          line.setLength(0);
        }
        lines.add(word.substring(0, columns));
        word = word.substring(columns);
      }
      if (line.length() == 0) line.append(word);
      else if (line.length() + 1 + word.length() <= columns) line.append(' ').append(word);
      else {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      }
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }
}
