/**
 * The sync wire protocol, shared by the client and the server: one record per message ({@link
 * dev.tern.sync.protocol.Message}), the JSON codec ({@link dev.tern.sync.protocol.MessageCodec}),
 * stable error codes and outcomes. docs/sync.md describes the protocol for people.
 */
package dev.tern.sync.protocol;
