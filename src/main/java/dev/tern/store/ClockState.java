package dev.tern.store;

/**
 * The persisted clock row: next sequence number, last HLC stamp issued, and the tops of the undo
 * and redo stacks (operation ids, or null when empty). One row, because every operation writes it.
 */
public record ClockState(
    long nextSeq, long hlcMillis, int hlcCounter, String undoTop, String redoTop) {}
