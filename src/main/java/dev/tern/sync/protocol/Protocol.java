package dev.tern.sync.protocol;

/** Numbers both ends of the protocol agree on. */
public final class Protocol {
  private Protocol() {}

  /** The protocol version carried in {@code hello} and {@code welcome}. */
  public static final int PROTOCOL = 1;

  /** Largest WebSocket frame either side accepts; larger frames close the connection (1009). */
  public static final int MAX_FRAME_BYTES = 1024 * 1024;

  /** Most operations one {@code push} may carry. */
  public static final int MAX_BATCH_OPS = 1000;

  /** Most entries (or entities) a {@code delta} or {@code snapshot} page carries. */
  public static final int MAX_PAGE = 1000;

  /** Default WebSocket port of {@code tern server}. */
  public static final int DEFAULT_PORT = 7447;
}
