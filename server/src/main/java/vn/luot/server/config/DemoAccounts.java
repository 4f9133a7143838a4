package vn.luot.server.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import vn.luot.server.auth.Role;
import vn.luot.server.auth.UserAccount;
import vn.luot.server.domain.CenterConfig;

/**
 * The accounts of a server whose configuration names no users: admin, supervisor and clerk1…clerk8 (clerkN at
 * counter N of the first center, where it has one), all with the demo password.
 */
public final class DemoAccounts {
  private static final int CLERKS = 8;

  private record Account(String username, Role role, String center, String counter, String displayName) {}

  private DemoAccounts() {}

  /**
   * The demo accounts that {@code missing} holds for, each with the hash {@code hash} makes. The hash (Argon2, about
   * 0.3 s of CPU on a cold JVM) is made once, and only when an account is missing: on a restart none is.
   */
  public static List<UserAccount> missing(CenterConfig center, Predicate<String> missing, Supplier<String> hash) {
    List<Account> wanted = accounts(center).stream().filter(a -> missing.test(a.username())).toList();
    if (wanted.isEmpty()) return List.of();
    String passwordHash = hash.get();
    return wanted.stream()
        .map(a -> new UserAccount(a.username(), a.role(), a.center(), a.counter(), passwordHash, a.displayName()))
        .toList();
  }

  private static List<Account> accounts(CenterConfig center) {
    List<Account> all = new ArrayList<>();
    all.add(new Account("admin", Role.ADMIN, null, null, "Quản trị viên"));
    all.add(new Account("supervisor", Role.SUPERVISOR, center.id(), null, "Giám sát"));
    for (int i = 1; i <= CLERKS; i++) {
      String counter = String.valueOf(i);
      if (center.counter(counter).isEmpty()) continue;
      all.add(new Account("clerk" + i, Role.CLERK, center.id(), counter, "Cán bộ quầy " + i));
    }
    return all;
  }
}
