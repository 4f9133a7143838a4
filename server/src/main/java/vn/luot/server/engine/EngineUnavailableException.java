package vn.luot.server.engine;

/** The engine cannot take commands now (storage failed, or it is reloading); the caller may retry shortly. */
public final class EngineUnavailableException extends RuntimeException {
  public EngineUnavailableException(String message) {
    super(message, null, false, false);
  }
}
