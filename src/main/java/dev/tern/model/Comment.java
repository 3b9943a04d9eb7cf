package dev.tern.model;

/** A comment on an issue. */
public record Comment(String id, String issueId, String author, String body, long createdAt) {}
