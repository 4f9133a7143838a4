package vn.luot.printer.device;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import javax.imageio.ImageIO;
import vn.luot.printer.escpos.PrinterStatus;
import vn.luot.printer.escpos.StatusReport;

/**
 * A "printer" that writes each ticket's image as {@code DIR/<name>.png}: the preview, a demo without hardware, and
 * the test oracle (the PNG is the image the raster bytes were made from). Written to a temporary file and renamed,
 * so nothing watching the folder sees half a picture.
 */
public final class PngFolderPrinter implements PrinterConnection {
  private final Path folder;

  public PngFolderPrinter(Path folder) {
    this.folder = Objects.requireNonNull(folder, "folder");
  }

  /** Where a printout of this name is written. */
  public Path fileFor(String name) {
    return folder.resolve(safeName(name) + ".png");
  }

  @Override
  public void print(Printout printout) throws PrintException {
    Path target = fileFor(printout.name());
    try {
      Files.createDirectories(folder);
      Path temporary = Files.createTempFile(folder, ".printing-", ".png");
      try {
        if (!ImageIO.write(printout.image(), "png", temporary.toFile())) {
          throw new PrintException(PrinterStatus.ERROR, "no PNG writer for this image");
        }
        try {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(temporary);
      }
    } catch (PrintException e) {
      throw e;
    } catch (IOException e) {
      throw new PrintException(PrinterStatus.ERROR, "cannot write " + target + ": " + e.getMessage(), e);
    }
  }

  @Override
  public StatusReport status() {
    if (Files.isDirectory(folder) && Files.isWritable(folder)) {
      return StatusReport.of(PrinterStatus.OK, "writing PNG files to " + folder);
    }
    if (!Files.exists(folder)) return StatusReport.of(PrinterStatus.OK, "will create " + folder);
    return StatusReport.of(PrinterStatus.ERROR, "cannot write to " + folder);
  }

  @Override
  public String description() {
    return "png:" + folder;
  }

  /** Job ids like "20261128-A012#1" are kept readable; anything a file system might refuse becomes '_'. */
  static String safeName(String name) {
    String safe = name.replaceAll("[^A-Za-z0-9._#-]", "_");
    return safe.isEmpty() || safe.startsWith(".") ? "_" + safe : safe;
  }
}
