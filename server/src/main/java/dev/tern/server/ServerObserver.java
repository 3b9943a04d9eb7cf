package dev.tern.server;

import dev.tern.protocol.AckResult;
import dev.tern.protocol.ErrorCode;
import java.util.List;

/**
 * What a running server reports as it works, for its metrics (see dev.tern.server.ops). Called on
 * the server's own threads, so an implementation must be quick, thread-safe and never throw.
 */
public interface ServerObserver {
  /** Observes nothing. */
  ServerObserver NONE = new ServerObserver() {};

  /**
   * A push batch was committed and acknowledged: one result per operation, and the time from its
   * handling on the connection's lane (waiting for the writer included) to its ack being queued for
   * sending.
   */
  default void pushed(List<AckResult> results, long nanos) {}

  /** A committed batch was fanned out to the held connections, in this time. */
  default void fannedOut(long nanos) {}

  /** A connection was closed by the server for this reason. */
  default void closedWithError(ErrorCode code) {}
}
