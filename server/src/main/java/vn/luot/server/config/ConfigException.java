package vn.luot.server.config;

/** The configuration cannot be used; the message says what to fix. */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
