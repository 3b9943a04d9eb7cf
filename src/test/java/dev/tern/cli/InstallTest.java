package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.Main;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code scripts/install} into a temporary prefix: the launcher, completions and man pages land
 * where shells and {@code man} look, the start-up archive is made (and holds picocli's classes; a
 * torn one is ignored quietly), and {@code tern} runs from another directory. The jar installed is
 * this build's classes and picocli's with the other dependencies named in its manifest ({@code
 * TERN_JAR}), so the test needs no packaging step.
 */
class InstallTest {
  @TempDir Path temp;

  @Test
  void installsIntoAPrefixAndRunsFromAnotherDirectory() throws Exception {
    Path prefix = temp.resolve("prefix");
    Path jar = thinJar(temp.resolve("tern.jar"));
    Path elsewhere = Files.createDirectories(temp.resolve("elsewhere"));

    String installed =
        run(
            Path.of("").toAbsolutePath(),
            List.of("bash", "scripts/install"),
            "PREFIX=" + prefix,
            "TERN_JAR=" + jar);
    assertThat(installed).contains("installed tern 0.1.0 in " + prefix);

    assertThat(prefix.resolve("bin/tern")).isExecutable();
    assertThat(prefix.resolve("lib/tern/target/tern.jsa")).as("start-up archive").exists();
    assertThat(prefix.resolve("share/bash-completion/completions/tern")).exists();
    assertThat(prefix.resolve("share/zsh/site-functions/_tern")).exists();
    assertThat(prefix.resolve("share/fish/vendor_completions.d/tern.fish")).exists();
    assertThat(prefix.resolve("share/man/man1/tern.1")).exists();
    assertThat(prefix.resolve("share/man/man1/tern-edit.1")).exists();

    String version =
        run(
            elsewhere,
            List.of("bash", "-c", "cd \"$1\" && tern --version", "bash", elsewhere.toString()),
            "PATH=" + prefix.resolve("bin") + ":" + System.getenv("PATH"));
    assertThat(version.strip()).isEqualTo("tern 0.1.0");

    // The archive holds picocli's classes, which only a static archive can (docs/performance.md,
    // "Start-up"); one the JVM cannot use (another JDK's, a torn file) costs speed and says
    // nothing.
    Path log = temp.resolve("classes.txt");
    run(
        elsewhere,
        List.of("bash", "-c", "cd \"$1\" && tern status", "bash", elsewhere.toString()),
        "PATH=" + prefix.resolve("bin") + ":" + System.getenv("PATH"),
        "TERN_HOME=" + temp.resolve("profiles"),
        "TERN_JAVA_OPTS=-Xlog:class+load=info:file=" + log);
    assertThat(Files.readAllLines(log))
        .anyMatch(
            line -> line.contains(" picocli.CommandLine ") && line.contains("shared objects"));
    Path archive = prefix.resolve("lib/tern/target/tern.jsa");
    Files.delete(archive);
    Files.write(archive, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));
    String torn =
        run(
            elsewhere,
            List.of("bash", "-c", "cd \"$1\" && tern --version", "bash", elsewhere.toString()),
            "PATH=" + prefix.resolve("bin") + ":" + System.getenv("PATH"));
    assertThat(torn).isEqualTo("tern 0.1.0\n");
  }

  /**
   * A jar of this build's classes and picocli's (Java 5 class files, which only a static archive
   * holds), its manifest naming the other dependency jars.
   */
  private static Path thinJar(Path jar) throws IOException {
    Path classes =
        Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    Path picocli =
        Path.of(CommandLine.class.getProtectionDomain().getCodeSource().getLocation().getPath());
    List<String> dependencies = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (entry.endsWith(".jar") && !Path.of(entry).toAbsolutePath().equals(picocli)) {
        dependencies.add(Path.of(entry).toAbsolutePath().toUri().toString());
      }
    }
    Manifest manifest = new Manifest();
    manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
    manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", dependencies));
    try (OutputStream file = Files.newOutputStream(jar);
        JarOutputStream out = new JarOutputStream(file, manifest);
        Stream<Path> files = Files.walk(classes);
        JarFile picocliJar = new JarFile(picocli.toFile())) {
      for (Path path : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
        out.putNextEntry(new JarEntry(classes.relativize(path).toString().replace('\\', '/')));
        Files.copy(path, out);
        out.closeEntry();
      }
      for (JarEntry entry : Collections.list(picocliJar.entries())) {
        if (entry.getName().startsWith("picocli/") && entry.getName().endsWith(".class")) {
          out.putNextEntry(new JarEntry(entry.getName()));
          try (InputStream in = picocliJar.getInputStream(entry)) {
            in.transferTo(out);
          }
          out.closeEntry();
        }
      }
    }
    return jar;
  }

  private String run(Path directory, List<String> command, String... environment) throws Exception {
    ProcessBuilder builder =
        new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true);
    builder.environment().put("HOME", temp.resolve("home").toString());
    builder.environment().remove("TERN_HOME");
    builder.environment().remove("TERN_PROFILE");
    for (String variable : environment) {
      int equals = variable.indexOf('=');
      builder.environment().put(variable.substring(0, equals), variable.substring(equals + 1));
    }
    Process process = builder.start();
    process.getOutputStream().close();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(process.exitValue()).as("%s: %s", command, output).isZero();
    return output;
  }
}
