package vn.luot.server.auth;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signs people in and checks their tokens. Tokens are signed JWTs (HS256) that expire, so any node holding the
 * same secret accepts them; passwords are checked with Argon2 on a worker thread.
 */
public final class AuthService {
  /** A successful sign-in. */
  public record Session(String token, Principal principal, Duration ttl) {}

  private final Vertx vertx;
  private final JWTAuth jwt;
  private final Duration ttl;
  private final PasswordHasher hasher;
  /** Every account by username: a copy of the stored accounts, replaced whole when they change. */
  private volatile Map<String, UserAccount> users;
  /** A stored Argon2 hash that an unknown or disabled name is checked against, so timing does not tell who exists. */
  private volatile String decoyHash;

  public AuthService(Vertx vertx, String tokenSecret, Duration ttl, PasswordHasher hasher, List<UserAccount> accounts) {
    this.vertx = vertx;
    this.ttl = ttl;
    this.hasher = hasher;
    this.jwt = JWTAuth.create(vertx, new JWTAuthOptions()
        .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(tokenSecret)));
    replaceAccounts(accounts);
  }

  /** Takes the accounts as they now are (after a change, or a notice that another node changed them). */
  public void replaceAccounts(List<UserAccount> accounts) {
    Map<String, UserAccount> byName = new LinkedHashMap<>();
    for (UserAccount u : accounts) byName.put(u.username(), u);
    users = Map.copyOf(byName);
    decoyHash = accounts.stream().map(UserAccount::passwordHash)
        .filter(h -> h != null && h.startsWith("$argon2")).findFirst().orElse(null);
  }

  public Optional<UserAccount> account(String username) {
    return Optional.ofNullable(username == null ? null : users.get(username));
  }

  /** Hashes a new password on a worker thread. */
  public Future<String> hash(String password) {
    return vertx.executeBlocking(() -> hasher.hash(password), false);
  }

  /** The session for a right username and password; empty for a wrong one (which one is not told). */
  public Future<Optional<Session>> login(String username, String password) {
    UserAccount found = users.get(username);
    // A disabled account is checked like an unknown one: same work, same answer.
    UserAccount account = found == null || found.disabled() ? null : found;
    return vertx.executeBlocking(() -> account == null
            ? hasher.verifyDecoy(password, decoyHash)
            : hasher.verify(password, account.passwordHash()), false)
        .map(ok -> ok ? Optional.of(session(account)) : Optional.empty());
  }

  private Session session(UserAccount u) {
    JsonObject claims = new JsonObject().put("sub", u.username()).put("role", u.role().wireName());
    if (u.center() != null) claims.put("center", u.center());
    if (u.counter() != null) claims.put("counter", u.counter());
    claims.put("pv", passwordVersion(u));
    String token = jwt.generateToken(claims, new JWTOptions().setExpiresInSeconds((int) ttl.toSeconds()));
    return new Session(token, new Principal(u.username(), u.role(), u.center(), u.counter()), ttl);
  }

  /** The principal a valid, unexpired token proves; a failed future otherwise. */
  public Future<Principal> authenticate(String token) {
    return jwt.authenticate(new TokenCredentials(token)).map(user -> {
      // The token must still describe the account as it is: a removed account, or a changed role or counter,
      // ends the session (sign in again) rather than acting on stale rights.
      JsonObject claims = user.principal();
      UserAccount account = users.get(claims.getString("sub"));
      if (account == null) throw new IllegalArgumentException("account no longer exists");
      if (account.disabled()) throw new IllegalArgumentException("account disabled");
      // A new password (reset by an administrator) ends the sessions opened with the old one.
      // (A token signed by hand with the secret, without "pv", is the operator's own and is not tied to a password.)
      String pv = claims.getString("pv");
      if (pv != null && !passwordVersion(account).equals(pv)) throw new IllegalArgumentException("password changed");
      if (!account.role().wireName().equals(claims.getString("role"))
          || !java.util.Objects.equals(account.center(), claims.getString("center"))
          || !java.util.Objects.equals(account.counter(), claims.getString("counter"))) {
        throw new IllegalArgumentException("the account changed since sign-in");
      }
      return new Principal(account.username(), account.role(), account.center(), account.counter());
    });
  }

  /** A short digest of the password hash: changes when the password does, reveals nothing of it. */
  private static String passwordVersion(UserAccount u) {
    try {
      byte[] d = java.security.MessageDigest.getInstance("SHA-256")
          .digest(u.passwordHash().getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return java.util.HexFormat.of().formatHex(d, 0, 6);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
