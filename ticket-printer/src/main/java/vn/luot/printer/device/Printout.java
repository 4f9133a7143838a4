package vn.luot.printer.device;

import java.awt.image.BufferedImage;
import java.util.Objects;

/**
 * One ticket ready for any connection: its ESC/POS bytes for real printers and its rendered image for the PNG
 * folder (the preview is the very image the raster bytes were made from).
 *
 * @param name   a file-friendly name, e.g. the job id "20261128-A012#1"
 * @param image  the rendered ticket
 * @param escPos the complete byte stream, ESC @ to cut
 */
public record Printout(String name, BufferedImage image, byte[] escPos) {
  public Printout {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(escPos, "escPos");
  }
}
