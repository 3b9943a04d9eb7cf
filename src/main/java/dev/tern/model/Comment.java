package dev.tern.model;

/**
 * A comment on an issue.
 *
 * @param author who posted it: the user whose operation made it
 * @param writtenBy who wrote the text, when that was someone else: the original author of a comment
 *     brought in by {@code tern import}; null otherwise
 */
public record Comment(
    String id, String issueId, String author, String writtenBy, String body, long createdAt) {}
