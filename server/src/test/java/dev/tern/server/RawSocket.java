package dev.tern.server;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A WebSocket peer written by hand on a plain socket, for attacks no proper client would make:
 * frames that declare more than they carry, continuation floods, never reading.
 */
final class RawSocket implements AutoCloseable {
  final Socket socket;
  private final OutputStream out;
  private final DataInputStream in;

  private RawSocket(Socket socket) throws IOException {
    this.socket = socket;
    this.out = socket.getOutputStream();
    this.in = new DataInputStream(socket.getInputStream());
  }

  /** Connects and finishes the HTTP upgrade. */
  static RawSocket upgraded(int port) throws IOException {
    Socket socket = new Socket();
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    RawSocket raw = new RawSocket(socket);
    String key = Base64.getEncoder().encodeToString("0123456789abcdef".getBytes());
    raw.out.write(
        ("GET / HTTP/1.1\r\nHost: 127.0.0.1:"
                + port
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: "
                + key
                + "\r\nSec-WebSocket-Version: 13\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII));
    raw.out.flush();
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int next = raw.in.read();
      if (next < 0) {
        throw new IOException("closed during the upgrade: " + head);
      }
      head.append((char) next);
    }
    if (!head.toString().startsWith("HTTP/1.1 101")) {
      throw new IOException("upgrade refused: " + head);
    }
    return raw;
  }

  /** Sends a text frame holding the message. */
  void sendText(String text) throws IOException {
    byte[] payload = text.getBytes(StandardCharsets.UTF_8);
    sendFrame(0x1, true, payload.length, payload);
  }

  /**
   * Sends a masked frame header declaring {@code declared} payload bytes, then {@code payload}
   * (which may be shorter: the rest never comes).
   */
  void sendFrame(int opcode, boolean fin, long declared, byte[] payload) throws IOException {
    byte[] header = new byte[14];
    int length = 0;
    header[length++] = (byte) ((fin ? 0x80 : 0) | opcode);
    if (declared <= 125) {
      header[length++] = (byte) (0x80 | declared);
    } else if (declared <= 0xFFFF) {
      header[length++] = (byte) (0x80 | 126);
      header[length++] = (byte) (declared >>> 8);
      header[length++] = (byte) declared;
    } else {
      header[length++] = (byte) (0x80 | 127);
      for (int shift = 56; shift >= 0; shift -= 8) {
        header[length++] = (byte) (declared >>> shift);
      }
    }
    // A zero mask: the payload goes out as it is.
    length += 4;
    out.write(header, 0, length);
    out.write(payload);
    out.flush();
  }

  /** Reads one frame from the server and returns its payload as text, or null on a close frame. */
  String readText() throws IOException {
    while (true) {
      int first = in.readUnsignedByte();
      int second = in.readUnsignedByte();
      long length = second & 0x7F;
      if (length == 126) {
        length = in.readUnsignedShort();
      } else if (length == 127) {
        length = in.readLong();
      }
      byte[] payload = new byte[(int) length];
      in.readFully(payload);
      int opcode = first & 0x0F;
      if (opcode == 0x8) {
        lastCloseCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : -1;
        return null;
      }
      if (opcode == 0x1) {
        return new String(payload, StandardCharsets.UTF_8);
      }
    }
  }

  /** The code of the last close frame read, or -1. */
  int lastCloseCode = -1;

  /** Reads until the server closes: the close frame's code, or -1 when the socket just ends. */
  int closeCode() {
    try {
      while (readText() != null) {
        // skip data frames
      }
      return lastCloseCode;
    } catch (IOException e) {
      return lastCloseCode;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
