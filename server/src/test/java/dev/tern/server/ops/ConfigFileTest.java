package dev.tern.server.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tern.model.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileTest {
  @TempDir Path dir;

  @Test
  void readsKeysValuesAndSkipsCommentsAndBlankLines() throws Exception {
    Path file = dir.resolve("tern-server.conf");
    Files.writeString(
        file,
        "# a comment\n\nport = 7800\ndb = postgresql://tern@db/tern?sslmode=require\n"
            + "max-connections=5_000\n");
    ConfigFile config = ConfigFile.read(file);
    assertThat(config.number("port", 0, 65535)).contains(7800L);
    assertThat(config.text("db")).contains("postgresql://tern@db/tern?sslmode=require");
    assertThat(config.number("max-connections", 1, Integer.MAX_VALUE)).contains(5000L);
    assertThat(config.text("host")).isEmpty();
  }

  @Test
  void mistakesAreRefusedWithTheirLine() {
    assertThatThrownBy(() -> ConfigFile.parse("c.conf", List.of("", "prot = 1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("c.conf:2: unknown setting 'prot'");
    assertThatThrownBy(() -> ConfigFile.parse("c.conf", List.of("port 1")))
        .hasMessageStartingWith("c.conf:1: expected 'key = value'");
    assertThatThrownBy(() -> ConfigFile.parse("c.conf", List.of("port = 1", "port = 2")))
        .hasMessage("c.conf:2: 'port' was already set on line 1");
    ConfigFile config = ConfigFile.parse("c.conf", List.of("port = lots", "http-port = 70000"));
    assertThatThrownBy(() -> config.number("port", 0, 65535))
        .hasMessage("c.conf:1: port must be a whole number, not 'lots'");
    assertThatThrownBy(() -> config.number("http-port", 0, 65535))
        .hasMessage("c.conf:2: http-port must be between 0 and 65535");
    assertThatThrownBy(() -> ConfigFile.read(dir.resolve("missing.conf")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("cannot read config file");
  }
}
