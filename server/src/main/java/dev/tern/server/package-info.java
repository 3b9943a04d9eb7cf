/**
 * The sync server: the WebSocket endpoint ({@link dev.tern.server.TernServer}), per-connection
 * sessions, the single writer that applies pushes ({@link dev.tern.server.PushHandler}), the
 * reconciliation rules ({@link dev.tern.server.Reconciler}) and the fan-out of new log entries to
 * held connections.
 */
package dev.tern.server;
