package dev.tern.cli;

/** A failure that carries its own exit code and one-line message (unreachable server, ...). */
public class ExitStatus extends RuntimeException {
  private final int code;

  public ExitStatus(int code, String message) {
    super(message);
    this.code = code;
  }

  public int code() {
    return code;
  }
}
