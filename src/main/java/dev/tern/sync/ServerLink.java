package dev.tern.sync;

import dev.tern.protocol.Message;
import java.time.Duration;

/**
 * A message channel to a tern server: what a sync round and the watcher need of a connection, and
 * nothing of how it is carried. {@link ServerConnection} carries it over a WebSocket; tests hand
 * the sync client an in-memory server behind the same interface.
 *
 * <p>Messages from the server arrive in the order it sent them. Once the link has closed, from
 * either end, every later {@link #send} and {@link #receive} throws.
 */
public interface ServerLink extends AutoCloseable {

  /** Opens links to the server at a URL; the watcher gets each new connection from one. */
  @FunctionalInterface
  interface Opener {
    /**
     * A new, open link to {@code url}. Throws {@link SyncException} with reason {@code UNREACHABLE}
     * when the server cannot be reached.
     */
    ServerLink open(String url);
  }

  /**
   * Hands one message to the server; returns without waiting for an answer. Throws {@link
   * SyncException} with reason {@code UNREACHABLE} when the link has closed.
   */
  void send(Message message);

  /**
   * The next message from the server, waiting at most {@code timeout}; null when none came in time.
   * Throws {@link SyncException}: {@code UNREACHABLE} when the link has closed (on this call and
   * every later one), {@code REFUSED} when the server sent something that is not a message.
   */
  Message receive(Duration timeout);

  /** Closes the link. Closing a closed link does nothing; this never throws. */
  @Override
  void close();
}
