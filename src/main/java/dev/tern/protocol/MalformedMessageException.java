package dev.tern.protocol;

/** A frame that is not a well-formed message of this protocol. The message says what is wrong. */
public class MalformedMessageException extends Exception {
  public MalformedMessageException(String message) {
    super(message);
  }
}
