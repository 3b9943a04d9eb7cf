package dev.tern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tern --version} in its own process answers before any command tree, store or JSON library
 * is loaded (docs/performance.md, "Start-up"): the class-load log shows none of them.
 */
class VersionStartupTest {
  @TempDir Path home;

  @Test
  void versionLoadsNoStoreNoJacksonAndNoSubcommand() throws Exception {
    Path log = home.resolve("classes.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:off",
            "-Xlog:class+load=info:file=" + log,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "--version");
    builder.environment().put("TERN_HOME", home.toString());
    builder.redirectErrorStream(true);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).isZero();
    assertThat(output).matches("tern \\d+\\.\\d+\\.\\d+\\R");
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).isNotEmpty();
    assertThat(loaded)
        .noneMatch(line -> line.contains("com.fasterxml.jackson"))
        .noneMatch(line -> line.contains("org.sqlite"))
        .noneMatch(line -> line.contains("dev.tern.store."))
        .noneMatch(line -> line.contains("dev.tern.replica."))
        .noneMatch(line -> line.contains("dev.tern.cli.ListCommand"));
    try (var files = Files.list(home)) {
      assertThat(files).allMatch(file -> file.equals(log));
    }
  }
}
