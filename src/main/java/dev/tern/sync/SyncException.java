package dev.tern.sync;

/** Sync could not finish. Nothing local is lost: what was not acknowledged stays pending. */
public class SyncException extends RuntimeException {
  /** Why: the server could not be reached (or went away), or it refused us. */
  public enum Reason {
    UNREACHABLE,
    REFUSED
  }

  private final Reason reason;

  public SyncException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
