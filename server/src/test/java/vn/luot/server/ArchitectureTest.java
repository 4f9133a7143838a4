package vn.luot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import vn.luot.server.domain.Decider;

/**
 * Keeps the domain pure: it decides, adapters do the I/O. A domain that reaches for Vert.x, Jackson, JDBC or Netty
 * would need them in its tests too, so its sources and its compiled classes are checked for any reference to them.
 */
@DisplayName("Architecture")
class ArchitectureTest {
  private static final String DOMAIN = "vn/luot/server/domain";

  @ParameterizedTest(name = "no domain source file refers to {0}")
  @ValueSource(strings = {"io.vertx", "com.fasterxml", "java.sql", "io.netty"})
  @DisplayName("The domain's sources import nothing from I/O frameworks")
  void sourcesStayPure(String forbidden) {
    Pattern reference = Pattern.compile("(?<![\\w.])" + Pattern.quote(forbidden) + "\\.");
    List<String> offenders = domainFiles(sourceRoot(), ".java").stream()
        .filter(file -> reference.matcher(withoutComments(read(file))).find())
        .map(Path::toString)
        .toList();
    assertEquals(List.of(), offenders, "domain sources referring to " + forbidden);
  }

  @ParameterizedTest(name = "no domain class refers to {0}")
  @ValueSource(strings = {"io.vertx", "com.fasterxml", "java.sql", "io.netty"})
  @DisplayName("The domain's compiled classes reference nothing from I/O frameworks")
  void classesStayPure(String forbidden) {
    byte[] internalName = (forbidden.replace('.', '/') + "/").getBytes(StandardCharsets.ISO_8859_1);
    List<String> offenders = domainFiles(classRoot(), ".class").stream()
        .filter(file -> contains(readBytes(file), internalName))
        .map(Path::toString)
        .toList();
    assertEquals(List.of(), offenders, "domain classes referring to " + forbidden);
  }

  @Test
  @DisplayName("The scan really sees the domain, so the checks above cannot pass on an empty folder")
  void scanSeesTheDomain() {
    assertTrue(domainFiles(sourceRoot(), ".java").stream().anyMatch(p -> p.endsWith("Decider.java")));
    assertTrue(domainFiles(classRoot(), ".class").stream().anyMatch(p -> p.endsWith("Decider.class")));
  }

  // ---- helpers ----

  private static Path sourceRoot() {
    for (String candidate : List.of("src/main/java", "server/src/main/java")) {
      Path root = Path.of(candidate);
      if (Files.isDirectory(root.resolve(DOMAIN))) return root;
    }
    throw new AssertionError("cannot find the server sources from " + Path.of("").toAbsolutePath());
  }

  private static Path classRoot() {
    try {
      return Path.of(Decider.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<Path> domainFiles(Path root, String suffix) {
    try (Stream<Path> files = Files.walk(root.resolve(DOMAIN))) {
      return files.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final Pattern COMMENT = Pattern.compile("//[^\\n]*|/\\*.*?\\*/", Pattern.DOTALL);

  /** Comments may name a forbidden package to explain why it is kept out; only code counts. */
  private static String withoutComments(String source) {
    Matcher m = COMMENT.matcher(source);
    return m.replaceAll(" ");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] readBytes(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean contains(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) continue outer;
      }
      return true;
    }
    return false;
  }
}
