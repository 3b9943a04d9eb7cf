/**
 * The sync server. {@link dev.tern.server.TernServer} owns the threads and routes each message;
 * {@link dev.tern.server.Endpoint} is the WebSocket endpoint, {@link dev.tern.server.HelloGate}
 * admits connections and checks their hello, {@link dev.tern.server.Paging} serves pull and
 * snapshot pages, the single writer applies pushes ({@link dev.tern.server.PushHandler}) under the
 * reconciliation rules ({@link dev.tern.server.Reconciler}), and {@link dev.tern.server.FanOut}
 * delivers new log entries to held connections.
 */
package dev.tern.server;
