package vn.luot.server;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import vn.luot.server.auth.PasswordHasher;

/** {@code hash-password}: turns a password read from standard input into the hash a config file holds. */
final class HashPassword {
  private HashPassword() {}

  static void run() {
    try {
      String password;
      if (System.console() != null) {
        char[] typed = System.console().readPassword("Mật khẩu / password: ");
        password = typed == null ? "" : new String(typed);
      } else {
        password = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      }
      if (password == null || password.isEmpty()) {
        System.err.println("no password given");
        System.exit(2);
      }
      System.out.println(new PasswordHasher().hash(password));
    } catch (java.io.IOException e) {
      System.err.println("cannot read the password: " + e.getMessage());
      System.exit(1);
    }
  }
}
