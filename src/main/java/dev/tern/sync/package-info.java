/**
 * The sync client: a link to {@code tern server} ({@link dev.tern.sync.ServerLink}, carried over a
 * WebSocket by {@link dev.tern.sync.ServerConnection}), one sync round of push, pull and bootstrap
 * ({@link dev.tern.sync.SyncRound}), and the mapping between wire records and the replica's
 * records. The wire format itself lives in {@code dev.tern.protocol}; docs/sync.md explains the
 * model.
 */
package dev.tern.sync;
