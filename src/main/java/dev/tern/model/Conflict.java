package dev.tern.model;

import java.util.Locale;

/**
 * A field where this user's edit lost a collision on the server, or was made on an issue someone
 * else archived. Kept until the user resolves it.
 *
 * @param syncId the server sync id of the operation that settled the collision
 * @param base the value both sides started from
 * @param theirs the value that won on the server
 * @param mine this user's value, which lost
 * @param status whether the user has dealt with it
 */
public record Conflict(
    String id,
    long syncId,
    String issueId,
    String field,
    String base,
    String theirs,
    String mine,
    String theirActor,
    String theirStamp,
    String myStamp,
    String myOpId,
    Status status,
    long createdAt) {

  /** Whether the user has dealt with a conflict. */
  public enum Status {
    OPEN,
    RESOLVED;

    /** What the store holds and {@code tern conflicts --json} prints. */
    public String text() {
      return name().toLowerCase(Locale.ROOT);
    }

    /** The status whose {@link #text()} is {@code text}. */
    public static Status ofText(String text) {
      return valueOf(text.toUpperCase(Locale.ROOT));
    }
  }
}
