package vn.luot.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The login token secret kept in the data folder: made once, kept, and remade only when a crash left it empty. */
@DisplayName("The token secret in the data folder")
class TokenSecretTest {
  @TempDir Path data;

  @Test
  @DisplayName("is made on first start, written whole, and read back the same afterwards")
  void madeOnceAndKept() throws Exception {
    String first = LuotServer.tokenSecret(data);
    assertTrue(first.length() >= 40, "32 random bytes in base64url: " + first);
    assertEquals(first, Files.readString(data.resolve(LuotServer.TOKEN_SECRET_FILE)));
    assertFalse(Files.exists(data.resolve(LuotServer.TOKEN_SECRET_FILE + ".tmp")), "no temporary file is left");
    assertEquals(first, LuotServer.tokenSecret(data), "the second start reads the same secret");
  }

  @Test
  @DisplayName("left empty by a crash or disk error, is replaced instead of stopping the start")
  void emptyIsReplaced() throws Exception {
    Files.writeString(data.resolve(LuotServer.TOKEN_SECRET_FILE), "");
    String made = LuotServer.tokenSecret(data);
    assertNotEquals("", made);
    assertEquals(made, Files.readString(data.resolve(LuotServer.TOKEN_SECRET_FILE)));
    assertEquals(made, LuotServer.tokenSecret(data));
  }
}
