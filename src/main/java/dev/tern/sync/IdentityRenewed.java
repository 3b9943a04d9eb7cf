package dev.tern.sync;

/**
 * The server showed that this profile's client id is shared with a copy of it, and the replica has
 * taken a new one (docs/sync.md, "Copied and restored profiles"). Nothing was lost: the pending
 * operations wait under the new id. The connection still speaks for the old id, so the caller opens
 * a new one and runs the round again.
 */
public final class IdentityRenewed extends SyncException {
  public IdentityRenewed(String message) {
    super(Reason.UNREACHABLE, message);
  }
}
