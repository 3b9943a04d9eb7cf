package dev.tern.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One WebSocket text frame, built once and written as it is to any number of connections.
 *
 * <p>A server's frames are not masked (RFC 6455, section 5.1) and tern negotiates no extension, so
 * the bytes of a frame do not depend on the connection: fan-out builds a team's delta frame once
 * and every watcher of the team is given a view of the same bytes ({@link #bytes()}), where
 * Java-WebSocket's {@code send(String)} would encode, check and copy the text again per connection.
 */
final class PreparedFrame {
  private static final int FIN_TEXT = 0x81;

  private final ByteBuffer frame;

  private PreparedFrame(ByteBuffer frame) {
    this.frame = frame;
  }

  /** The final text frame carrying {@code text}, unmasked. */
  static PreparedFrame text(String text) {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    int length = payload.length;
    int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
    ByteBuffer frame = ByteBuffer.allocate(header + length);
    frame.put((byte) FIN_TEXT);
    if (length < 126) {
      frame.put((byte) length);
    } else if (length <= 0xFFFF) {
      frame.put((byte) 126);
      frame.putShort((short) length);
    } else {
      frame.put((byte) 127);
      frame.putLong(length);
    }
    frame.put(payload);
    frame.flip();
    return new PreparedFrame(frame);
  }

  /** A view of the frame with its own position, for one connection's write queue. */
  ByteBuffer bytes() {
    return frame.duplicate();
  }

  /** The frame's whole size in bytes, header included. */
  int size() {
    return frame.limit();
  }
}
