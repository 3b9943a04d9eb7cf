package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {
  @TempDir Path home;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine command = new CommandLine(new ServerCommand(Map.of("TERN_HOME", home.toString())));
    command.setOut(new PrintWriter(out, true));
    command.setErr(new PrintWriter(err, true));
    return command.execute(args);
  }

  @Test
  void addsTeamsAndUsersAndPrintsTheTokenOnce() {
    assertThat(run("team", "add", "ENG", "Engineering")).isZero();
    assertThat(run("team", "add", "OPS", "Operations")).isZero();
    assertThat(run("user", "add", "alice", "--team", "ENG", "--team", "OPS")).isZero();
    String token = out.toString().strip();
    assertThat(token).startsWith("tern_").doesNotContain("\n");

    try (ServerStore store = JdbcServerStore.open("sqlite:" + home.resolve("server.db"))) {
      assertThat(store.authenticate(token).orElseThrow().teamKeys())
          .containsExactlyInAnyOrder("ENG", "OPS");
    }
  }

  @Test
  void theDatabaseOptionWorksBeforeOrAfterTheSubcommand() {
    Path other = home.resolve("other.db");
    assertThat(run("--db", "sqlite:" + other, "team", "add", "ENG", "Engineering")).isZero();
    assertThat(run("user", "add", "bob", "--team", "ENG", "--db", "sqlite:" + other)).isZero();
    try (ServerStore store = JdbcServerStore.open("sqlite:" + other)) {
      assertThat(store.teams()).hasSize(1);
    }
  }

  @Test
  void usersAndTeamsAreListedTokensReissuedAndMembershipsChanged() {
    assertThat(run("team", "add", "ENG", "Engineering")).isZero();
    assertThat(run("team", "add", "OPS", "Operations")).isZero();
    assertThat(run("user", "add", "alice", "--team", "ENG")).isZero();
    String first = out.toString().strip();
    assertThat(run("user", "add", "bob", "--team", "OPS")).isZero();

    assertThat(run("team", "join", "OPS", "alice")).isZero();
    out.getBuffer().setLength(0);
    assertThat(run("user", "ls")).isZero();
    assertThat(out.toString()).isEqualTo("alice\tENG,OPS\nbob\tOPS\n");
    assertThat(run("team", "leave", "ENG", "alice")).isZero();
    out.getBuffer().setLength(0);
    assertThat(run("team", "ls")).isZero();
    assertThat(out.toString()).isEqualTo("ENG\tEngineering\t\nOPS\tOperations\talice,bob\n");

    out.getBuffer().setLength(0);
    assertThat(run("user", "token", "alice")).isZero();
    String second = out.toString().strip();
    assertThat(run("user", "rm", "bob")).isZero();
    try (ServerStore store = JdbcServerStore.open("sqlite:" + home.resolve("server.db"))) {
      assertThat(store.authenticate(first)).isEmpty();
      assertThat(store.authenticate(second).orElseThrow().teamKeys()).containsExactly("OPS");
      assertThat(store.users()).containsOnlyKeys("alice");
    }
    assertThat(run("user", "rm", "nobody")).isNotZero();
    assertThat(run("team", "leave", "ENG", "alice")).isNotZero();
    assertThat(run("team", "join", "NOPE", "alice")).isNotZero();
  }

  @Test
  void mistakesAreRefused() {
    assertThat(run("user", "add", "carol", "--team", "NOPE")).isNotZero();
    assertThat(run("team", "add", "lower", "x")).isNotZero();
    assertThat(run("team", "add", "ENG", "Engineering")).isZero();
    assertThat(run("team", "add", "ENG", "Again")).isNotZero();
  }

  @Test
  void aDatabaseOfANewerTernIsRefused() throws Exception {
    assertThat(run("team", "add", "ENG", "Engineering")).isZero();
    Path database = home.resolve("server.db");
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute("UPDATE schema_version SET version = version + 1");
    }
    assertThat(run("team", "add", "OPS", "Operations")).isNotZero();
    assertThat(err.toString())
        .contains("cannot open database sqlite:" + database)
        .contains("written by a newer tern");
  }
}
