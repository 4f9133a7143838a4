package vn.luot.printer.layout;

import com.google.zxing.common.BitMatrix;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.font.FontRenderContext;
import java.awt.font.TextAttribute;
import java.awt.image.BufferedImage;
import java.awt.image.WritableRaster;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Draws a ticket as a 1-bit image exactly as wide as the paper's printable width, for the printer's raster mode.
 * Every glyph comes from the bundled font, so Vietnamese prints correctly on any ESC/POS printer whatever its code
 * pages; the field name and the big number use the display font (see {@link TicketFonts}) and are large so both
 * people and OCR read them at a glance.
 *
 * <p>Top to bottom: center name (wrapped), a rule, field name, "SỐ THỨ TỰ", the number, the priority band if any,
 * date and time, people ahead, estimated wait, the QR code of the tracking link, the footer.
 *
 * <p>Text is drawn anti-aliased on grey and then thresholded: stroke edges come out smoother than drawing straight
 * into a 1-bit image, and the QR code, drawn as whole-dot squares, is not touched by the threshold.
 */
public final class TicketLayout {
  /** Grey levels darker than this become printed dots. A little above half, since thin strokes fade on thermal paper. */
  static final int THRESHOLD = 150;
  static final float NUMBER_TRACKING = 0.05f;

  /** Sizes in dots (8 dots = 1 mm at 203 dpi) for one paper width. */
  private record Style(int margin, float centerSize, float fieldSize, float captionSize, float numberMaxSize,
                       int numberMargin, float prioritySize, float infoSize, float footerSize, int qrMaxDots,
                       int gap) {}

  /** The number keeps a wider white margin than the text: OCR drops glyphs that touch the image's edge. */
  private static final Style STYLE_80 = new Style(16, 27f, 44f, 22f, 180f, 40, 28f, 26f, 22f, 272, 14);
  private static final Style STYLE_58 = new Style(8, 21f, 32f, 18f, 136f, 32, 22f, 20f, 18f, 208, 10);

  private final Paper paper;
  private final Style style;
  private final TicketFonts fonts;
  private final TicketLabels labels;

  public TicketLayout(Paper paper) {
    this(paper, TicketFonts.bundled(), new TicketLabels());
  }

  public TicketLayout(Paper paper, TicketFonts fonts, TicketLabels labels) {
    this.paper = Objects.requireNonNull(paper, "paper");
    this.style = paper == Paper.MM80 ? STYLE_80 : STYLE_58;
    this.fonts = Objects.requireNonNull(fonts, "fonts");
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  public Paper paper() { return paper; }

  /** The ticket as a {@link BufferedImage#TYPE_BYTE_BINARY} image, {@link Paper#dots()} wide. */
  public BufferedImage render(TicketData ticket) {
    int width = paper.dots();
    int textWidth = width - 2 * style.margin;
    Graphics2D measure = prepare(new BufferedImage(1, 1, BufferedImage.TYPE_BYTE_GRAY).createGraphics());
    List<Block> blocks = new ArrayList<>();
    try {
      blocks.add(new Space(style.gap / 2));
      blocks.add(new Text(measure, fonts.bold(style.centerSize), ticket.centerName(), textWidth));
      blocks.add(new Space(style.gap / 2));
      blocks.add(new Rule(style.margin, width - style.margin, 3));
      blocks.add(new Space(style.gap));
      blocks.add(new Text(measure, fonts.display(style.fieldSize), ticket.fieldName(), textWidth));
      blocks.add(new Space(style.gap));
      blocks.add(new Text(measure, fonts.bold(style.captionSize), labels.numberCaption(), textWidth));
      blocks.add(new Space(style.gap));
      blocks.add(new BigNumber(measure, ticket.number(), width - 2 * style.numberMargin));
      blocks.add(new Space(style.gap + style.gap / 2));
      if (ticket.priorityLabel() != null) {
        blocks.add(new Band(measure, fonts.bold(style.prioritySize), ticket.priorityLabel(), textWidth));
        blocks.add(new Space(style.gap));
      }
      Font info = fonts.regular(style.infoSize);
      blocks.add(new Text(measure, info, labels.issuedAt(ticket.issuedAt()), textWidth));
      blocks.add(new Text(measure, info, labels.ahead(ticket.ahead()), textWidth));
      blocks.add(new Text(measure, info, labels.estimatedWait(ticket.estimatedWaitMinutes()), textWidth));
      blocks.add(new Qr(ticket.trackUrl()));
      blocks.add(new Text(measure, fonts.regular(style.footerSize), labels.footer(), textWidth));
      blocks.add(new Space(style.gap));
    } finally {
      measure.dispose();
    }

    int height = blocks.stream().mapToInt(Block::height).sum();
    BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
    Graphics2D g = prepare(grey.createGraphics());
    try {
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, width, height);
      g.setColor(Color.BLACK);
      int top = 0;
      for (Block b : blocks) {
        b.draw(g, top, width);
        top += b.height();
      }
    } finally {
      g.dispose();
    }
    return threshold(grey);
  }

  private static Graphics2D prepare(Graphics2D g) {
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
    g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
    return g;
  }

  private static BufferedImage threshold(BufferedImage grey) {
    int w = grey.getWidth();
    int h = grey.getHeight();
    BufferedImage binary = new BufferedImage(w, h, BufferedImage.TYPE_BYTE_BINARY);
    WritableRaster in = grey.getRaster();
    WritableRaster out = binary.getRaster();
    int[] row = new int[w];
    for (int y = 0; y < h; y++) {
      in.getSamples(0, y, w, 1, 0, row);
      for (int x = 0; x < w; x++) row[x] = row[x] < THRESHOLD ? 0 : 1;   // index 0 is black, 1 white
      out.setSamples(0, y, w, 1, 0, row);
    }
    return binary;
  }

  /**
   * Wraps text into as few lines as fit {@code maxWidth}, then evens them out: "Trung tâm Phục vụ Hành chính công /
   * TP Thanh Hóa" rather than a full first line and one word left over.
   */
  static List<String> wrapBalanced(String text, FontMetrics metrics, int maxWidth) {
    List<String> lines = wrap(text, metrics, maxWidth);
    if (lines.size() < 2) return lines;
    int low = maxWidth / lines.size();
    int high = maxWidth;
    while (low < high) {   // the narrowest width that still needs no more lines
      int mid = (low + high) / 2;
      if (wrap(text, metrics, mid).size() <= lines.size()) high = mid; else low = mid + 1;
    }
    return wrap(text, metrics, high);
  }

  /** Splits text into lines no wider than {@code maxWidth}; a single word too long for a line is kept whole. */
  static List<String> wrap(String text, FontMetrics metrics, int maxWidth) {
    List<String> lines = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : text.trim().split("\\s+")) {
      String candidate = line.length() == 0 ? word : line + " " + word;
      if (line.length() > 0 && metrics.stringWidth(candidate) > maxWidth) {
        lines.add(line.toString());
        line.setLength(0);
        line.append(word);
      } else {
        line.setLength(0);
        line.append(candidate);
      }
    }
    if (line.length() > 0) lines.add(line.toString());
    return lines;
  }

  /** One horizontal slice of the ticket. */
  private interface Block {
    int height();

    void draw(Graphics2D g, int top, int width);
  }

  private record Space(int height) implements Block {
    @Override public void draw(Graphics2D g, int top, int width) {}
  }

  private record Rule(int left, int right, int height) implements Block {
    @Override public void draw(Graphics2D g, int top, int width) { g.fillRect(left, top, right - left, height); }
  }

  /** Centered, word-wrapped lines; line height from the font's ascent and descent, which cover stacked marks. */
  private static final class Text implements Block {
    private final Font font;
    private final List<String> lines;
    private final int ascent;
    private final int lineHeight;

    Text(Graphics2D measure, Font font, String text, int maxWidth) {
      this.font = font;
      FontMetrics m = measure.getFontMetrics(font);
      this.lines = wrapBalanced(text, m, maxWidth);
      this.ascent = m.getAscent();
      this.lineHeight = m.getAscent() + m.getDescent();
    }

    @Override public int height() { return lineHeight * lines.size(); }

    @Override public void draw(Graphics2D g, int top, int width) {
      g.setFont(font);
      FontMetrics m = g.getFontMetrics();
      int baseline = top + ascent;
      for (String line : lines) {
        g.drawString(line, (width - m.stringWidth(line)) / 2, baseline);
        baseline += lineHeight;
      }
    }
  }

  /** White text on a black band, so a priority ticket is told apart from across the room. */
  private static final class Band implements Block {
    private final Text text;
    private final int padding;

    Band(Graphics2D measure, Font font, String label, int maxWidth) {
      this.padding = Math.round(font.getSize2D() / 4);
      this.text = new Text(measure, font, label, maxWidth - 4 * padding);
    }

    @Override public int height() { return text.height() + 2 * padding; }

    @Override public void draw(Graphics2D g, int top, int width) {
      g.fillRect(padding * 2, top, width - padding * 4, height());
      g.setColor(Color.WHITE);
      text.draw(g, top + padding, width);
      g.setColor(Color.BLACK);
    }
  }

  /**
   * The ticket number, as large as fits the width: measured by its drawn outline rather than the font's line height,
   * so there is no empty band above the capitals.
   */
  private final class BigNumber implements Block {
    private final Font font;
    private final String number;
    private final Rectangle bounds;

    BigNumber(Graphics2D measure, String number, int maxWidth) {
      this.number = number;
      FontRenderContext frc = measure.getFontRenderContext();
      Font f = numberFont(style.numberMaxSize);
      Rectangle b = f.createGlyphVector(frc, number).getPixelBounds(frc, 0, 0);
      if (b.width > maxWidth) {
        f = numberFont(style.numberMaxSize * maxWidth / b.width);
        b = f.createGlyphVector(frc, number).getPixelBounds(frc, 0, 0);
      }
      this.font = f;
      this.bounds = b;
    }

    @Override public int height() { return bounds.height; }

    @Override public void draw(Graphics2D g, int top, int width) {
      g.setFont(font);
      g.drawString(number, (width - bounds.width) / 2 - bounds.x, top - bounds.y);
    }
  }

  /**
   * The display font, letter-spaced a little: glyphs that do not touch are segmented cleanly by OCR (with the
   * spacing Tesseract read 59 of 60 sample numbers, without it 56), and the number reads like a counter display's.
   */
  private Font numberFont(float size) {
    return fonts.display(size).deriveFont(Map.of(TextAttribute.TRACKING, NUMBER_TRACKING));
  }

  private final class Qr implements Block {
    private final BitMatrix modules;
    private final int scale;

    Qr(String url) {
      this.modules = QrCodes.modules(url);
      this.scale = QrCodes.scaleToFit(modules, style.qrMaxDots);
    }

    @Override public int height() { return (modules.getHeight() + 2 * QrCodes.QUIET_ZONE_MODULES) * scale; }

    @Override public void draw(Graphics2D g, int top, int width) {
      int side = modules.getWidth() * scale;
      QrCodes.draw(g, modules, (width - side) / 2, top + QrCodes.QUIET_ZONE_MODULES * scale, scale);
    }
  }
}
