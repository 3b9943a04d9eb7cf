package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionTest {
  @TempDir Path home;

  @Test
  void aFreshProfilesUserComesFromTheSessionsEnvironment() {
    // Cli gives USER=alice, whoever runs the tests.
    String json = new Cli(home).ok("new", "mine", "--json");
    assertThat(json).contains("\"creator\":\"alice\"");
  }
}
