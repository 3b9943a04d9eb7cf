package dev.tern.store;

/** The store could not be used: refused (not ours, too new) or failed underneath. */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
