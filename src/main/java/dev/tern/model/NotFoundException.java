package dev.tern.model;

/** A reference named nothing in the store. Maps to the not-found exit code. */
public class NotFoundException extends RuntimeException {
  public NotFoundException(String message) {
    super(message);
  }
}
