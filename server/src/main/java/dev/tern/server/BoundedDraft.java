package dev.tern.server;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.drafts.Draft;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.exceptions.InvalidDataException;
import org.java_websocket.exceptions.LimitExceededException;
import org.java_websocket.extensions.DefaultExtension;
import org.java_websocket.framing.Framedata;

/**
 * RFC 6455 framing that holds no more memory for a connection than the bytes it really sent, and
 * never more than its limit.
 *
 * <p>Java-WebSocket 1.6.0 allocates a frame's declared length as soon as it reads the header, so a
 * peer declaring a 6 MiB frame and sending one byte costs 6 MiB; and it never checks the size of a
 * message spread over non-final continuation frames. This draft keeps its own buffer of the bytes
 * received, reads each frame header itself, refuses a declared length over the limit at once, adds
 * up continuation frames against the same limit, and hands the library only whole frames, so the
 * library's own up-front allocation never happens.
 *
 * <p>Until {@link #authenticated()} the limit is the small hello limit; afterwards the full one.
 * Each connection gets its own copy ({@link #copyInstance()}).
 */
final class BoundedDraft extends Draft_6455 {
  private static final int OPCODE_CONTINUATION = 0;
  private static final int OPCODE_TEXT = 1;
  private static final int OPCODE_BINARY = 2;

  private final int helloLimit;
  private final int fullLimit;

  /** Written by the thread that accepts the hello, read by the decoder thread. */
  private volatile int limit;

  private byte[] received = new byte[0];
  private int size;

  /** Payload bytes of the message being assembled from continuation frames; -1 when none. */
  private long messageBytes = -1;

  BoundedDraft(int helloLimit, int fullLimit) {
    super(List.of(new DefaultExtension()), fullLimit);
    this.helloLimit = helloLimit;
    this.fullLimit = fullLimit;
    this.limit = helloLimit;
  }

  /** Raises the limit from the hello limit to the full one: the peer said a good hello. */
  void authenticated() {
    limit = fullLimit;
  }

  /** The payload bytes one message (one frame, or one run of continuation frames) may carry now. */
  int limit() {
    return limit;
  }

  /** Bytes this connection's framing holds right now. */
  int heldBytes() {
    return received.length;
  }

  @Override
  public Draft copyInstance() {
    return new BoundedDraft(helloLimit, fullLimit);
  }

  @Override
  public void reset() {
    super.reset();
    received = new byte[0];
    size = 0;
    messageBytes = -1;
  }

  @Override
  public List<Framedata> translateFrame(ByteBuffer buffer) throws InvalidDataException {
    append(buffer);
    int complete = 0;
    while (true) {
      long frameLength = checkedFrameLength(complete);
      if (frameLength < 0 || complete + frameLength > size) {
        break;
      }
      complete += (int) frameLength;
    }
    if (complete == 0) {
      return List.of();
    }
    // Only whole frames reach the library: it never sees a partial one, so it never allocates
    // ahead of the bytes.
    ByteBuffer whole = ByteBuffer.wrap(received, 0, complete);
    List<Framedata> frames = super.translateFrame(whole);
    size -= complete;
    if (size == 0 && received.length > 64 * 1024) {
      received = new byte[0];
    } else {
      System.arraycopy(received, complete, received, 0, size);
    }
    return frames;
  }

  private void append(ByteBuffer buffer) {
    int incoming = buffer.remaining();
    if (size + incoming > received.length) {
      // Grow with what arrived, never with what a header promised.
      int capacity = Math.max(size + incoming, Math.min(2 * received.length, limit + 14));
      byte[] grown = new byte[capacity];
      System.arraycopy(received, 0, grown, 0, size);
      received = grown;
    }
    buffer.get(received, size, incoming);
    size += incoming;
  }

  /**
   * The whole length (header and payload) of the frame starting at {@code start}, or -1 when its
   * header has not fully arrived. Throws when the frame, or the message it continues, would pass
   * the limit, before any of its payload is held.
   */
  private long checkedFrameLength(int start) throws LimitExceededException {
    if (size - start < 2) {
      return -1;
    }
    int first = received[start] & 0xFF;
    int second = received[start + 1] & 0xFF;
    boolean fin = (first & 0x80) != 0;
    int opcode = first & 0x0F;
    boolean masked = (second & 0x80) != 0;
    int shortLength = second & 0x7F;
    int extra = shortLength == 126 ? 2 : shortLength == 127 ? 8 : 0;
    if (size - start < 2 + extra) {
      return -1;
    }
    long payload;
    if (shortLength == 126) {
      payload = ((received[start + 2] & 0xFFL) << 8) | (received[start + 3] & 0xFFL);
    } else if (shortLength == 127) {
      payload = 0;
      for (int index = 0; index < 8; index++) {
        payload = (payload << 8) | (received[start + 2 + index] & 0xFFL);
      }
    } else {
      payload = shortLength;
    }
    int current = limit;
    if (payload < 0 || payload > current) {
      throw new LimitExceededException("frame larger than " + current + " bytes", current);
    }
    boolean continues = opcode == OPCODE_CONTINUATION && messageBytes >= 0;
    if (continues && messageBytes + payload > current) {
      throw new LimitExceededException("message larger than " + current + " bytes", current);
    }
    long whole = 2L + extra + (masked ? 4 : 0) + payload;
    if (size - start < whole) {
      return -1;
    }
    if (opcode == OPCODE_TEXT || opcode == OPCODE_BINARY) {
      messageBytes = fin ? -1 : payload;
    } else if (continues) {
      messageBytes = fin ? -1 : messageBytes + payload;
    }
    return whole;
  }
}
