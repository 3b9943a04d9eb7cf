package dev.tern.server.store;

/**
 * An issue's or a comment's current state as the JSON object a snapshot page carries for it
 * (docs/sync.md), with its id for the page's next token.
 */
public record StateJson(String id, String json) {}
