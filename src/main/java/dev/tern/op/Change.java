package dev.tern.op;

/**
 * One field's change inside an operation: the value written and the base value the author saw
 * before writing it. Reconciliation is field by field: the server compares {@code base} with the
 * field's current value (docs/sync.md). Typed values in memory ({@link IssueField} says which type
 * each field has); {@code Change<String>} is the text form the wire and the stores carry.
 */
public record Change<T>(T value, T base) {}
