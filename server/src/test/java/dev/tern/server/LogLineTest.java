package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LogLineTest {
  @Test
  void oneEventIsOneLineOfKeyValuePairs() {
    String line =
        LogLine.info("closed conn: bad_message: \"x\"\nforged=1")
            .with("port", 7700)
            .with("empty", "")
            .with("absent", null)
            .toString();
    assertThat(line)
        .matches("time=\\d{4}-\\d\\d-\\d\\dT[0-9:.]+Z level=info msg=.*")
        .doesNotContain("\n")
        .contains(" msg=\"closed conn: bad_message: \\\"x\\\"\\nforged=1\"")
        .endsWith(" port=7700 empty=\"\"")
        .doesNotContain("absent");
    assertThat(LogLine.error("a\u001b[31mb").toString())
        .contains("level=error msg=\"a\\u001b[31mb\"");
  }
}
