package dev.tern.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The codec's own tree reading and writing gives what Jackson's ObjectMapper gives. */
class JsonTreesTest {
  static final ObjectMapper MAPPER = new ObjectMapper();

  static final List<String> SAMPLES =
      List.of(
          "{}",
          "{\"a\":1,\"b\":-2147483649,\"c\":123456789012345678901234567890,\"d\":1.5,\"e\":-0.0}",
          "{\"t\":\"caf\\u00e9 \\\"q\\\" \\\\ \\n \\u0001 \u2603 \uD83D\uDE00\",\"n\":null}",
          "{\"x\":[true,false,null,[],{},[1,[2,{\"y\":\"z\"}]]],\"x2\":{\"k\":{\"k\":{}}}}",
          "{\"dup\":1,\"dup\":\"last\"}",
          "  {\"trailing\":1}  {\"ignored\":2}",
          "[1,2]",
          "\"text\"",
          "null");

  @Test
  void readsTheTreesAnObjectMapperReads() throws Exception {
    for (String text : SAMPLES) {
      assertThat(JsonTrees.read(text)).as(text).isEqualTo(MAPPER.readTree(text));
    }
    assertThat(JsonTrees.read("")).isNull();
    assertThat(JsonTrees.read("   ")).isNull();
  }

  @Test
  void writesTheTextAnObjectMapperWrites() throws Exception {
    for (String text : SAMPLES) {
      JsonNode tree = MAPPER.readTree(text);
      assertThat(JsonTrees.write(tree)).as(text).isEqualTo(MAPPER.writeValueAsString(tree));
    }
  }

  /**
   * A process that only writes and reads messages, as a no-op {@code tern sync} does, never sets up
   * Jackson's data binding (docs/performance.md, "Sync figures").
   */
  @Test
  void theCodecAloneLoadsNoObjectMapper() throws Exception {
    Process child =
        new ProcessBuilder(
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:stdout",
                "-cp",
                System.getProperty("java.class.path"),
                CodecOnly.class.getName())
            .redirectErrorStream(true)
            .start();
    String output = new String(child.getInputStream().readAllBytes());
    assertThat(child.waitFor()).as(output).isZero();
    assertThat(output).contains("codec round trip ok").contains("JsonTrees");
    assertThat(output).doesNotContain("com.fasterxml.jackson.databind.ObjectMapper ");
  }

  /** The child of {@link #theCodecAloneLoadsNoObjectMapper}. */
  public static final class CodecOnly {
    public static void main(String[] args) throws Exception {
      String pull = MessageCodec.write(new Message.Pull(7, 100));
      Message welcome =
          MessageCodec.readFromServer(
              "{\"type\":\"welcome\",\"protocol\":1,\"user\":\"u\",\"teams\":[],"
                  + "\"head\":3,\"horizon\":0}");
      if (pull.contains("\"cursor\":7") && welcome instanceof Message.Welcome) {
        System.out.println("codec round trip ok");
      }
    }
  }

  @Test
  void malformedTextFailsAsJacksonParsingDoes() {
    for (String text : List.of("{", "{\"a\":}", "{\"a\" 1}", "[1,", "{\"a\":tru}", "}")) {
      assertThatThrownBy(() -> JsonTrees.read(text))
          .as(text)
          .isInstanceOf(JsonProcessingException.class);
    }
  }
}
