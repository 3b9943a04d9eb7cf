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
 * A command that opens the store does not set up the JDK's CLDR locale data on JDK 17-20:
 * sqlite-jdbc formats dates with the default locale, and {@link Main} asks for the quicker COMPAT
 * data (docs/performance.md, "Start-up").
 */
class LocaleStartupTest {
  @TempDir Path home;

  @Test
  void storeOpenLoadsNoCldrLocaleData() throws Exception {
    Path log = home.resolve("classes.txt");
    ProcessBuilder builder =
        new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xshare:off",
            "-Xlog:class+load=info:file=" + log,
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "status");
    builder.environment().put("TERN_HOME", home.toString());
    builder.environment().remove("TERN_PROFILE");
    builder.redirectErrorStream(true);
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(process.exitValue()).as(output).isZero();
    List<String> loaded = Files.readAllLines(log);
    assertThat(loaded).anyMatch(line -> line.contains(" org.sqlite.SQLiteConfig "));
    if (Runtime.version().feature() < 21) {
      assertThat(loaded).noneMatch(line -> line.contains("CLDRLocaleProviderAdapter"));
    }
  }
}
