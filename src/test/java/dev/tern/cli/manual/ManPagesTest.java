package dev.tern.cli.manual;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The man pages come from the command model, one per command, and {@code man} reads them. */
class ManPagesTest {
  @TempDir Path directory;

  @Test
  void everyCommandHasAPageAndHiddenOnesDoNot() throws Exception {
    ManPages.write(directory);
    assertThat(directory.resolve("tern.1")).exists();
    assertThat(directory.resolve("tern-edit.1")).exists();
    assertThat(directory.resolve("tern-server-user-add.1")).exists();
    assertThat(directory.resolve("tern-__complete.1")).doesNotExist();
    assertThat(directory.resolve("tern-help.1")).doesNotExist();
    String edit = Files.readString(directory.resolve("tern-edit.1"));
    assertThat(edit)
        .startsWith(".TH \"TERN\\-EDIT\" 1")
        .contains(".SH SYNOPSIS")
        .contains("\\fB\\-\\-state\\fR \\fIS\\fR")
        .contains(".SH SEE ALSO\n\\fBtern\\fR(1)");
    assertThat(Files.readString(directory.resolve("tern.1"))).contains("\\fBtern\\-edit\\fR(1)");
  }

  @Test
  void manRendersAPage() throws Exception {
    Assumptions.assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/man")) || Files.isExecutable(Path.of("/bin/man")),
        "man is not installed");
    ManPages.write(directory);
    ProcessBuilder builder =
        new ProcessBuilder("man", "-l", directory.resolve("tern-edit.1").toString())
            .redirectErrorStream(true);
    builder.environment().put("MANPAGER", "cat");
    builder.environment().put("MANWIDTH", "100");
    Process process = builder.start();
    process.getOutputStream().close();
    String page = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(page).isZero();
    // man may mark bold by overstriking when not on a terminal: compare the letters alone.
    String plain = page.replaceAll(".\b", "");
    assertThat(plain)
        .contains("tern-edit - Change an issue's fields")
        .contains("--state S")
        .contains("SEE ALSO");
  }
}
