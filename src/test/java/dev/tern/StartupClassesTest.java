package dev.tern;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a one-shot command loads, read from the class-load log of a real process
 * (docs/performance.md, "Start-up"): {@code tern --version} answers before any command tree, store
 * or JSON library exists, and opening the store does not set up the JDK's CLDR locale data on JDK
 * 17-20 (sqlite-jdbc formats dates with the default locale; {@link Main} asks for the quicker
 * COMPAT data).
 */
class StartupClassesTest {
  @TempDir Path home;

  private String output;

  @Test
  void versionLoadsNoStoreNoJacksonAndNoSubcommand() throws Exception {
    List<String> loaded = loadedBy("--version");
    assertThat(output).matches("tern \\d+\\.\\d+\\.\\d+\\R");
    assertThat(loaded)
        .noneMatch(line -> line.contains("com.fasterxml.jackson"))
        .noneMatch(line -> line.contains("org.sqlite"))
        .noneMatch(line -> line.contains("dev.tern.store."))
        .noneMatch(line -> line.contains("dev.tern.replica."))
        .noneMatch(line -> line.contains("dev.tern.cli.ListCommand"));
    try (var files = Files.list(home)) {
      assertThat(files).allMatch(file -> file.getFileName().toString().equals("classes.txt"));
    }
  }

  @Test
  void storeOpenLoadsNoCldrLocaleData() throws Exception {
    List<String> loaded = loadedBy("status");
    assertThat(loaded).anyMatch(line -> line.contains(" org.sqlite.SQLiteConfig "));
    if (Runtime.version().feature() < 21) {
      assertThat(loaded).noneMatch(line -> line.contains("CLDRLocaleProviderAdapter"));
    }
  }

  /** Runs tern with {@code args} in its own JVM on an empty home; returns its class-load log. */
  private List<String> loadedBy(String... args) throws Exception {
    Path log = home.resolve("classes.txt");
    List<String> command =
        new ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xshare:off",
                "-Xlog:class+load=info:file=" + log,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().put("TERN_HOME", home.toString());
    builder.environment().remove("TERN_PROFILE");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).isNotEmpty();
    return loaded;
  }
}
