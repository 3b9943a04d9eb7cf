package dev.tern.protocol;

/** A team as the protocol shows it: its key ({@code ENG}) and name. */
public record TeamInfo(String key, String name) {}
