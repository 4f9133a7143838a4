package vn.luot.printer.agent;

import java.awt.image.BufferedImage;
import java.util.Objects;
import vn.luot.printer.device.Printout;
import vn.luot.printer.escpos.EscPosEncoder;
import vn.luot.printer.layout.Paper;
import vn.luot.printer.layout.TextTicketLayout;
import vn.luot.printer.layout.TicketData;
import vn.luot.printer.layout.TicketLayout;

/**
 * The one place the printing steps are put together: ticket → layout → ESC/POS encoder → printout for a connection.
 * The image is always rendered: in raster mode it is what prints, in text mode it is still the PNG preview.
 */
public final class PrintPipeline {
  private final AgentOptions.Mode mode;
  private final TicketLayout raster;
  private final TextTicketLayout text;
  private final EscPosEncoder encoder;

  public PrintPipeline(Paper paper, AgentOptions.Mode mode, EscPosEncoder.Options encoding) {
    this.mode = Objects.requireNonNull(mode, "mode");
    this.raster = new TicketLayout(paper);
    this.text = new TextTicketLayout(paper);
    this.encoder = new EscPosEncoder(encoding);
  }

  public static PrintPipeline of(AgentOptions options) {
    return new PrintPipeline(options.paper(), options.mode(), EscPosEncoder.Options.defaults()
        .withBuzzer(options.buzzer()).withCodeTable(options.codeTable()));
  }

  public Printout prepare(String name, TicketData ticket) {
    BufferedImage image = raster.render(ticket);
    byte[] bytes = mode == AgentOptions.Mode.TEXT ? encoder.encodeText(text.render(ticket)) : encoder.encodeRaster(image);
    return new Printout(name, image, bytes);
  }
}
