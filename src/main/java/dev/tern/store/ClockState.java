package dev.tern.store;

/** The persisted clock: next sequence number and last HLC stamp issued. */
public record ClockState(long nextSeq, long hlcMillis, int hlcCounter) {}
