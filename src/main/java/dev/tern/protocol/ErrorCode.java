package dev.tern.protocol;

/**
 * Stable error codes, carried in {@code error} messages and in rejected {@code ack} results. The
 * wire name never changes once released; clients switch on it.
 */
public enum ErrorCode {
  /** The client speaks another protocol version; it must be upgraded. */
  UPGRADE_REQUIRED("upgrade_required"),
  /** Missing, unknown or revoked token, or a client id that belongs to another user. */
  UNAUTHORIZED("unauthorized"),
  /** The first message was not a {@code hello}, or a second {@code hello} came. */
  HELLO_REQUIRED("hello_required"),
  /** No {@code hello} arrived within the server's limit. */
  HELLO_TIMEOUT("hello_timeout"),
  /** Not JSON, not an object, a missing field or an unknown message type. */
  BAD_MESSAGE("bad_message"),
  /** A frame over {@link Protocol#MAX_FRAME_BYTES}. */
  TOO_LARGE("too_large"),
  /** A push with more than {@link Protocol#MAX_BATCH_OPS} operations. */
  BATCH_TOO_LARGE("batch_too_large"),
  /** The client sends faster than the server answers, or reads slower than it is sent to. */
  OVERLOADED("overloaded"),
  /** An operation's actor is not the user of the token. */
  FORBIDDEN_ACTOR("forbidden_actor"),
  /** An operation names a team the user is not a member of. */
  FORBIDDEN_TEAM("forbidden_team"),
  /** An operation that cannot be applied: bad value, unknown entity, unknown kind, and so on. */
  INVALID("invalid"),
  /**
   * The client's sequence number was already used by another operation: the profile was copied or
   * restored from a backup. The operation was not applied; the client takes a new client id,
   * numbers its pending operations anew and sends them again (docs/sync.md).
   */
  STALE_CLIENT("stale_client"),
  /**
   * Carried by an accepted operation's ack, not a refusal: its clock stamp (or creation time) was
   * more than the allowed skew ahead of the server's clock and was brought back to the server's
   * time. The client's own clock is wrong (docs/sync.md, "Clocks").
   */
  CLOCK_AHEAD("clock_ahead"),
  /** The server failed; the client may retry later. */
  INTERNAL("internal");

  private final String wireName;

  ErrorCode(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** The code with this wire name, or null when this build does not know it. */
  public static ErrorCode ofWireName(String name) {
    for (ErrorCode code : values()) {
      if (code.wireName.equals(name)) {
        return code;
      }
    }
    return null;
  }
}
