package dev.tern.protocol;

/** Numbers both ends of the protocol agree on. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version carried in {@code hello} and {@code welcome}. */
  public static final int PROTOCOL = 1;

  /**
   * Largest WebSocket frame (and message) the server accepts; larger ones close the connection
   * (1009). Sized so that any one operation fits: a description or body is at most 1 MiB of UTF-8
   * without control characters, so an edit's value and base escape to at most 4 MiB of JSON.
   * Java-WebSocket allocates a frame's declared size up front, so this is also what one connection
   * can make the server allocate before it has said hello.
   */
  public static final int MAX_FRAME_BYTES = 6 * 1024 * 1024;

  /** Most operations one {@code push} may carry. */
  public static final int MAX_BATCH_OPS = 1000;

  /** Most entries (or entities) a {@code delta} or {@code snapshot} page carries. */
  public static final int MAX_PAGE = 1000;

  /** Default WebSocket port of {@code tern server}. */
  public static final int DEFAULT_PORT = 7447;
}
