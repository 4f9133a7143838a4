package vn.luot.server.admin;

import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import vn.luot.server.auth.AuthService;
import vn.luot.server.auth.Principal;
import vn.luot.server.auth.UserAccount;

/**
 * Accounts and kiosks as an administrator changes them. Each change is stored with its audit row, then this node's
 * copies (sign-in, kiosk keys) are refreshed before the answer, so a disabled account's token fails at once; a notice
 * on the event bus tells other nodes to refresh theirs.
 */
public final class AdminService {
  /** Published (no body needed) after any change of accounts or kiosks; every node re-reads the store. */
  public static final String CHANGED_ADDRESS = "luot.admin.changed";
  private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

  private final Vertx vertx;
  private final AdminStore store;
  private final AuthService auth;
  private final KioskDirectory kiosks;
  private final Clock clock;
  private final SecureRandom random = new SecureRandom();

  public AdminService(Vertx vertx, AdminStore store, AuthService auth, KioskDirectory kiosks, Clock clock) {
    this.vertx = vertx;
    this.store = store;
    this.auth = auth;
    this.kiosks = kiosks;
    this.clock = clock;
    // Every node (this one too) re-reads on a change notice; a notice naming a kiosk then closes that kiosk's
    // connections on this node, only after the re-read, so a reconnecting agent is checked against the new key.
    vertx.eventBus().<String>consumer(CHANGED_ADDRESS, m -> refresh().onSuccess(v -> {
      if (m.body() != null && m.body().startsWith(REVOKED_PREFIX)) {
        vertx.eventBus().publish(m.body(), "revoked", new DeliveryOptions().setLocalOnly(true));
      }
    }));
    // A notice can be lost (a node joining, a partition): re-read now and then as well.
    vertx.setPeriodic(REFRESH_EVERY_MS, REFRESH_EVERY_MS, id -> refresh());
  }

  public AdminStore store() {
    return store;
  }

  /** A new account and the password to give its owner (null when the admin chose it). */
  public record Created(UserAccount account, String generatedPassword) {}

  public Future<Created> createAccount(Principal actor, UserAccount draft, String password) {
    String chosen = password == null ? newPassword() : password;
    return auth.hash(chosen)
        .compose(hash -> stored(() -> store.createAccount(
            new UserAccount(draft.username(), draft.role(), draft.center(), draft.counter(), hash, draft.displayName(), false),
            audit(actor, draft.center(), "account.create", draft.username(), accountDetail(draft)))))
        .map(a -> new Created(a, password == null ? chosen : null));
  }

  /** Role, center, counter and display name; an admin cannot change their own role or place. */
  public Future<UserAccount> editAccount(Principal actor, UserAccount edited) {
    return stored(() -> store.updateAccount(edited.username(),
        old -> new UserAccount(old.username(), edited.role(), edited.center(), edited.counter(), old.passwordHash(),
            edited.displayName(), old.disabled()),
        audit(actor, edited.center(), "account.edit", edited.username(), accountDetail(edited))));
  }

  public Future<UserAccount> setDisabled(Principal actor, String username, boolean disabled) {
    return stored(() -> store.updateAccount(username,
        old -> new UserAccount(old.username(), old.role(), old.center(), old.counter(), old.passwordHash(),
            old.displayName(), disabled),
        audit(actor, centerOf(username), disabled ? "account.disable" : "account.enable", username, null)));
  }

  /** Sets a new password (or makes one, returned to be shown once); sessions opened with the old one end. */
  public Future<String> resetPassword(Principal actor, String username, String password) {
    String chosen = password == null ? newPassword() : password;
    return auth.hash(chosen)
        .compose(hash -> stored(() -> store.updateAccount(username,
            old -> new UserAccount(old.username(), old.role(), old.center(), old.counter(), hash, old.displayName(),
                old.disabled()),
            audit(actor, centerOf(username), "account.resetPassword", username,
                new JsonObject().put("generated", password == null).encode()))))
        .map(a -> password == null ? chosen : null);
  }

  /** A new kiosk and its key, shown once. */
  public record KioskKey(KioskRecord kiosk, String key) {}

  public Future<KioskKey> createKiosk(Principal actor, String center, String id, String name) {
    String key = newKey();
    return stored(() -> store.createKiosk(new KioskRecord(center, id, name, KioskDirectory.hash(key), false),
        audit(actor, center, "kiosk.create", id, new JsonObject().put("name", name).encode())))
        .map(k -> new KioskKey(k, key));
  }

  public Future<KioskKey> rotateKioskKey(Principal actor, String center, String id) {
    String key = newKey();
    return stored(() -> store.updateKiosk(center, id,
        old -> new KioskRecord(old.center(), old.id(), old.name(), KioskDirectory.hash(key), old.disabled()),
        audit(actor, center, "kiosk.rotateKey", id, null)))
        .onSuccess(k -> revoke(center, id))
        .map(k -> new KioskKey(k, key));
  }

  public Future<KioskRecord> setKioskDisabled(Principal actor, String center, String id, boolean disabled) {
    return stored(() -> store.updateKiosk(center, id,
        old -> new KioskRecord(old.center(), old.id(), old.name(), old.keyHash(), disabled),
        audit(actor, center, disabled ? "kiosk.disable" : "kiosk.enable", id, null)))
        .onSuccess(k -> {
          if (disabled) revoke(center, id);
        });
  }

  /** The address a kiosk's print-job stream listens on: a message there closes it (its key no longer holds). */
  public static String revokedAddress(String center, String kiosk) {
    return REVOKED_PREFIX + center + "/" + kiosk;
  }

  private static final String REVOKED_PREFIX = "luot.kiosk.revoked.";
  private static final long REFRESH_EVERY_MS = 60_000;

  private void revoke(String center, String id) {
    vertx.eventBus().publish(CHANGED_ADDRESS, revokedAddress(center, id));
  }

  /** Re-reads accounts and kiosks from the store into this node's copies. */
  public Future<Void> refresh() {
    return vertx.executeBlocking(() -> {
      List<UserAccount> accounts = store.accounts();
      List<KioskRecord> all = store.kiosks();
      auth.replaceAccounts(accounts);
      kiosks.replace(all);
      return null;
    }, false);
  }

  /**
   * Runs a store change off the event loop, tells every node (even if this node's re-read then fails, the change is
   * committed and the others must hear of it), refreshes this node, and answers.
   */
  private <T> Future<T> stored(Supplier<CompletableFuture<T>> change) {
    return Future.fromCompletionStage(change.get(), vertx.getOrCreateContext())
        .onSuccess(v -> vertx.eventBus().publish(CHANGED_ADDRESS, "changed"))
        .compose(result -> refresh().map(result));
  }

  private AuditEntry audit(Principal actor, String center, String action, String target, String detail) {
    return new AuditEntry(UUID.randomUUID().toString(), clock.instant(), actor.username(), center, action, target, detail);
  }

  private String centerOf(String username) {
    return auth.account(username).map(UserAccount::center).orElse(null);
  }

  private static String accountDetail(UserAccount a) {
    return new JsonObject().put("role", a.role().wireName()).put("center", a.center()).put("counter", a.counter())
        .put("displayName", a.displayName()).encode();
  }

  private String newPassword() {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 12; i++) s.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
    return s.toString();
  }

  private String newKey() {
    byte[] bytes = new byte[24];
    random.nextBytes(bytes);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
  }
}
