package dev.tern.model;

/**
 * A profile's local store could not be used: refused (not a tern store, or written by a newer tern)
 * or failed underneath. Its message is meant for the user.
 */
public class StoreException extends RuntimeException {
  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
