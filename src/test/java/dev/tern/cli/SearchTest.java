package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SearchTest {
  @TempDir Path home;
  private Cli cli;
  private String crash;
  private String login;

  @BeforeEach
  void issues() {
    cli = new Cli(home);
    crash = cli.ok("new", "Crash on start", "-d", "The app dies at boot.").strip();
    login = cli.ok("new", "Login form", "-d", "Password field is too narrow.").strip();
    cli.ok("new", "Unrelated chore");
    cli.ok("comment", login, "Happens with the xylophonist theme only");
  }

  private String search(String text) {
    Cli.Result result = cli.run("ls", "--search", text);
    // An empty result is reported on stderr; anything else there would be an error.
    assertThat(result.err().replace("no issues match", "").strip())
        .as("stderr for " + text)
        .isEmpty();
    assertThat(result.code()).as("exit for " + text).isZero();
    return result.out();
  }

  @Test
  void aWordOnlyInACommentFindsItsIssue() {
    assertThat(search("xylophonist")).contains(login).doesNotContain(crash);
  }

  @Test
  void titleAndDescriptionWordsAreFoundToo() {
    assertThat(search("crash")).contains(crash).doesNotContain(login);
    assertThat(search("narrow")).contains(login).doesNotContain(crash);
  }

  @Test
  void wordsArePrefixes() {
    assertThat(search("xylo")).contains(login);
    assertThat(search("pass")).contains(login).doesNotContain(crash);
  }

  @Test
  void everyWordMustMatch() {
    assertThat(search("login xylo")).contains(login);
    assertThat(search("crash xylo")).doesNotContain(crash).doesNotContain(login);
  }

  @Test
  void aHiddenCommentIsNotSearched() {
    cli.ok("undo");
    assertThat(search("xylophonist")).doesNotContain(login);
  }

  @Test
  void operatorsAndPunctuationAreNotSyntaxErrors() {
    for (String query :
        new String[] {
          "\"",
          "crash\"",
          "a AND",
          "OR",
          "NOT crash",
          "crash*",
          "(crash",
          "title:crash",
          "^crash",
          "-crash",
          "+",
          "NEAR(crash login)",
          "'",
          "*",
          "\\",
          "{a b}",
          "crash;DROP TABLE issues"
        }) {
      search(query);
    }
    assertThat(search("crash*")).contains(crash);
    assertThat(cli.ok("ls")).contains(crash).contains(login);
  }
}
