package vn.luot.server.admin;

import java.util.Map;

/**
 * A change an administrator asked for that does not apply (the account exists, it is the last admin…). Its code is
 * the error code on the wire; thrown inside the change's transaction, it rolls the change back.
 */
public final class AdminRefusal extends RuntimeException {
  private final int status;
  private final String code;
  private final Map<String, String> details;

  public AdminRefusal(int status, String code, Map<String, String> details) {
    super(code, null, false, false);
    this.status = status;
    this.code = code;
    this.details = Map.copyOf(details);
  }

  public int status() { return status; }
  public String code() { return code; }
  public Map<String, String> details() { return details; }
}
