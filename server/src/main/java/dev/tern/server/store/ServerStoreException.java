package dev.tern.server.store;

/**
 * The server store failed (I/O, a broken database, one written by a newer tern); not the client's
 * fault.
 */
public class ServerStoreException extends RuntimeException {
  public ServerStoreException(String message) {
    super(message);
  }

  public ServerStoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
