package dev.tern.model;

/** A user-supplied value was not acceptable. Maps to the usage exit code. */
public class InvalidInputException extends RuntimeException {
  public InvalidInputException(String message) {
    super(message);
  }
}
