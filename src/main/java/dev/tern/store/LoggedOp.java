package dev.tern.store;

import dev.tern.op.Op;

/**
 * An operation as the local log holds it.
 *
 * @param issue the issue it concerns (the entity itself, or a comment's issue)
 * @param status {@code pending} (not yet acknowledged), {@code acked} (acknowledged, effect not yet
 *     pulled), {@code synced}, {@code rejected}, or {@code remote} (another replica's, from the
 *     server)
 * @param syncId the server's sync id once acknowledged
 * @param outcome the server's verdict (applied, merged, conflict, rejected, duplicate)
 * @param note why the server rejected it, when it did
 */
public record LoggedOp(
    Op op, String issue, String status, Long syncId, String outcome, String note) {
  public static final String PENDING = "pending";
  public static final String ACKED = "acked";
  public static final String SYNCED = "synced";
  public static final String REJECTED = "rejected";
  public static final String REMOTE = "remote";
}
