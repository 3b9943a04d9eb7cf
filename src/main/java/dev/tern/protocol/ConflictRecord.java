package dev.tern.protocol;

/**
 * A field edit that lost (or an edit of an archived issue), kept for the user whose edit lost.
 *
 * @param id stable id, {@code <syncId>/<field>}
 * @param syncId the sync id of the operation that caused the conflict
 * @param user the user whose edit lost
 * @param clientId the replica that made the losing edit, when known
 * @param base the value the losing edit was based on
 * @param mine the losing value
 * @param theirs the value that won and is now current
 * @param myOpId the losing operation
 * @param theirActor who made the winning edit
 * @param theirStamp the winning edit's clock stamp ({@link dev.tern.op.Hlc#encode()})
 * @param myStamp the losing edit's clock stamp
 */
public record ConflictRecord(
    String id,
    long syncId,
    String user,
    String clientId,
    String issue,
    String field,
    String base,
    String mine,
    String theirs,
    String myOpId,
    String theirActor,
    String theirStamp,
    String myStamp) {}
