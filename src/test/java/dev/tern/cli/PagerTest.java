package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * On a terminal, {@code show}, {@code log}, {@code history} and lists page through {@code
 * $TERN_PAGER}, else {@code $PAGER}; never into a pipe, under {@code --json} or with {@code
 * --no-pager}. Real processes under a pseudo-terminal ({@code script}), with pagers that record
 * what they were given.
 */
class PagerTest {
  @TempDir Path home;

  @Test
  void pagesOnATerminalOnly() throws Exception {
    Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "script is installed");
    String key = new Cli(home).ok("new", "Paged title", "-d", "a description").strip();
    Path recorder = pager("recorder");
    Path preferred = pager("preferred");
    String tern =
        "'"
            + Path.of(System.getProperty("java.home"), "bin", "java")
            + "' -cp '"
            + System.getProperty("java.class.path")
            + "' "
            + Main.class.getName();
    Path commands = home.resolve("commands.sh");
    Files.writeString(
        commands,
        String.join(
            "\n",
            "export TERN_HOME='" + home + "' USER=alice NO_COLOR=1 TERM=xterm",
            "unset TERN_PAGER",
            "export PAGER='" + recorder + " show'",
            tern + " show " + key,
            tern + " show " + key + " --json > '" + home.resolve("json.out") + "'",
            tern + " --no-pager show " + key + " > /dev/null",
            tern + " show " + key + " | cat > '" + home.resolve("piped.out") + "'",
            "TERN_PAGER='" + preferred + " history' " + tern + " history " + key,
            ""));
    Process process =
        new ProcessBuilder(
                "script", "-q", "-e", "-c", "sh " + commands, home.resolve("typescript").toString())
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectErrorStream(true)
            .start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();

    // Only the one paged show reached $PAGER; the history went to $TERN_PAGER, which wins.
    assertThat(Files.readAllLines(home.resolve("recorder.calls"))).containsExactly("show");
    assertThat(Files.readString(home.resolve("recorder.got")))
        .contains("Paged title")
        .contains("a description");
    assertThat(Files.readAllLines(home.resolve("preferred.calls"))).containsExactly("history");
    assertThat(Files.readString(home.resolve("preferred.got"))).contains("create");
    assertThat(Files.readString(home.resolve("json.out"))).startsWith("{\"id\"");
    assertThat(Files.readString(home.resolve("piped.out"))).contains("Paged title");
  }

  /** A pager that notes its argument in NAME.calls and keeps what it read in NAME.got. */
  private Path pager(String name) throws Exception {
    Path script = home.resolve(name + ".sh");
    Files.writeString(
        script,
        "#!/bin/sh\necho \"$1\" >> '"
            + home.resolve(name + ".calls")
            + "'\ncat >> '"
            + home.resolve(name + ".got")
            + "'\n");
    Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
    return script;
  }
}
