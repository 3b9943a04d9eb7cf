package dev.tern.model;

/**
 * A field where this user's edit lost a collision on the server, or was made on an issue someone
 * else archived. Kept until the user resolves it.
 *
 * @param syncId the server sync id of the operation that settled the collision
 * @param base the value both sides started from
 * @param theirs the value that won on the server
 * @param mine this user's value, which lost
 * @param status {@code open} or {@code resolved}
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
    String status,
    long createdAt) {}
