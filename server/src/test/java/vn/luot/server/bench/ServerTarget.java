package vn.luot.server.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The server module's build folder, {@code server/target/}, found from the test classes whatever the working directory. */
final class ServerTarget {
  private ServerTarget() {}

  /** {@code server/target/bench/NAME}, where a benchmark writes its results file; the folder is created. */
  static Path benchFile(String name) {
    Path dir = folder().resolve("bench");
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return dir.resolve(name);
  }

  /** {@code server/target/luot-server.jar}, which {@code mvn package} makes; it may not exist yet. */
  static Path serverJar() {
    return folder().resolve("luot-server.jar");
  }

  /** The test classes sit in {@code server/target/test-classes}. */
  private static Path folder() {
    try {
      return Path.of(ServerTarget.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
    } catch (URISyntaxException e) {
      throw new IllegalStateException("the test classes are not in a folder", e);
    }
  }
}
