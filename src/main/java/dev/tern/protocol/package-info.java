/**
 * The sync wire protocol, shared by the client and the server: one record per message ({@link
 * dev.tern.protocol.Message}), the JSON codec ({@link dev.tern.protocol.MessageCodec}), stable
 * error codes and outcomes. docs/sync.md describes the protocol for people.
 */
package dev.tern.protocol;
