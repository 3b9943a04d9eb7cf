package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.util.List;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.framing.Framedata;
import org.java_websocket.framing.TextFrame;
import org.junit.jupiter.api.Test;

class PreparedFrameTest {
  /** The bytes Java-WebSocket writes for a text message a server sends (unmasked). */
  private static ByteBuffer libraryFrame(String text) {
    Draft_6455 draft = new Draft_6455();
    List<Framedata> frames = draft.createFrames(text, false);
    assertThat(frames).hasSize(1);
    return draft.createBinaryFrame(frames.get(0));
  }

  @Test
  void itsBytesAreTheFrameTheLibraryWouldWriteAtEveryLengthEncoding() {
    // 7-bit, 16-bit and 64-bit payload lengths, at and around their edges, with multi-byte text.
    for (int length : new int[] {0, 1, 125, 126, 127, 65_535, 65_536, 200_000}) {
      String text = "é".repeat(length / 2) + "x".repeat(length % 2);
      PreparedFrame frame = PreparedFrame.text(text);
      assertThat(frame.bytes()).as("payload of %d bytes", length).isEqualTo(libraryFrame(text));
      assertThat(frame.size()).isEqualTo(libraryFrame(text).remaining());
    }
  }

  @Test
  void aReaderOfTheFrameDecodesTheText() throws Exception {
    String text = "{\"type\":\"delta\",\"title\":\"naïve ✓\"}";
    List<Framedata> decoded = new Draft_6455().translateFrame(PreparedFrame.text(text).bytes());
    assertThat(decoded).singleElement().isInstanceOf(TextFrame.class);
    assertThat(decoded.get(0).isFin()).isTrue();
    ByteBuffer payload = decoded.get(0).getPayloadData();
    byte[] bytes = new byte[payload.remaining()];
    payload.get(bytes);
    assertThat(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(text);
  }

  @Test
  void eachConnectionIsGivenItsOwnPositionOverTheSameBytes() {
    PreparedFrame frame = PreparedFrame.text("hello");
    ByteBuffer first = frame.bytes();
    ByteBuffer second = frame.bytes();
    first.position(first.limit());
    assertThat(second.remaining()).isEqualTo(frame.size());
    assertThat(frame.bytes().remaining()).isEqualTo(frame.size());
  }
}
