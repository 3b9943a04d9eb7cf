package dev.tern.bench;

/** A main that does nothing: the bare JVM start that scripts/bench compares tern's start with. */
public final class Nothing {
  private Nothing() {}

  public static void main(String[] args) {}
}
