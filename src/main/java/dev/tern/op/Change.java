package dev.tern.op;

/**
 * One field's change inside an operation: the value written and the base value the author saw
 * before writing it. Values are text (null for "no value"); see {@link Fields} for each field's
 * form.
 */
public record Change(String value, String base) {}
