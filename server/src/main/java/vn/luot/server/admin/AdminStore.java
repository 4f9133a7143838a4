package vn.luot.server.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import vn.luot.server.auth.UserAccount;

/**
 * Where accounts, kiosks and the audit log are kept. Each change is written together with its audit row, in one
 * transaction; reads block and belong on a worker thread. Implemented on the journal's database (SQLite today,
 * PostgreSQL in cluster mode), so every node reads the same source of truth.
 */
public interface AdminStore {

  List<UserAccount> accounts();

  /** Stores the accounts whose username is not stored yet; stored ones are left as they are. */
  CompletableFuture<Void> seedAccounts(List<UserAccount> accounts, Instant at);

  /** Stores a new account; fails with {@link AdminRefusal} ACCOUNT_EXISTS when the username is taken. */
  CompletableFuture<UserAccount> createAccount(UserAccount account, AuditEntry audit);

  /**
   * Changes a stored account in its transaction: {@code change} gets the stored account and returns the new one.
   * Fails with {@link AdminRefusal} ACCOUNT_UNKNOWN, or LAST_ADMIN when no enabled admin of every center would remain.
   */
  CompletableFuture<UserAccount> updateAccount(String username, UnaryOperator<UserAccount> change, AuditEntry audit);

  List<KioskRecord> kiosks();

  /** Stores the kiosks not stored yet. */
  CompletableFuture<Void> seedKiosks(List<KioskRecord> kiosks, Instant at);

  /** Fails with {@link AdminRefusal} KIOSK_EXISTS when the center has a kiosk of that id. */
  CompletableFuture<KioskRecord> createKiosk(KioskRecord kiosk, AuditEntry audit);

  /** Fails with {@link AdminRefusal} KIOSK_UNKNOWN. */
  CompletableFuture<KioskRecord> updateKiosk(String center, String id, UnaryOperator<KioskRecord> change, AuditEntry audit);

  /**
   * The audit log, newest first.
   *
   * @param center only this center's rows when not null
   * @param from   from this instant (inclusive), or null
   * @param to     before this instant, or null
   */
  List<AuditEntry> audit(String center, Instant from, Instant to, int limit, int offset);

  /** The priority tickets issued at a center on a day, in issue order. */
  List<PriorityTicket> priorityTickets(String center, LocalDate day);
}
