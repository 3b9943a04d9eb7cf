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
 * {@code scripts/tern}'s start-up archive on JDK 17 (docs/performance.md, "Start-up"): the launcher
 * makes a static archive that holds picocli's classes, and an archive the JVM cannot use (another
 * JDK's, a torn file) costs only speed: the command runs and says nothing about it.
 */
class LauncherArchiveTest {
  @TempDir Path temp;

  @Test
  void archiveHoldsPicocliAndAnUnusableOneIsIgnoredQuietly() throws Exception {
    Path root = temp.resolve("tern");
    Files.createDirectories(root.resolve("scripts"));
    Files.copy(Path.of("scripts/tern"), root.resolve("scripts/tern"));
    Path jar = Files.createDirectories(root.resolve("target")).resolve("tern.jar");
    jarWithPicocli(jar);
    Path archive = root.resolve("target/tern.jsa");

    Path log = temp.resolve("classes.txt");
    Result first = run(root, "TERN_JAVA_OPTS=-Xlog:class+load=info:file=" + log, "status");
    assertThat(first.code).as(first.err).isZero();
    assertThat(first.err).isEmpty();
    assertThat(archive).exists();
    assertThat(Files.readAllLines(log))
        .anyMatch(line -> line.contains(" picocli.CommandLine ") && line.contains("shared objects"))
        .anyMatch(line -> line.contains(" dev.tern.Main ") && line.contains("shared objects"));

    // A torn archive, newer than the jar so that the launcher keeps it.
    Files.write(archive, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    Files.setLastModifiedTime(archive, FileTime.from(Instant.now().plusSeconds(60)));
    Result torn = run(root, "status");
    assertThat(torn.code).as(torn.err).isZero();
    assertThat(torn.err).isEmpty();
    assertThat(torn.out).isEqualTo(first.out);
  }

  /**
   * A jar of this build's classes and picocli's (whose Java 5 class files only a static archive
   * holds), its manifest naming the other dependency jars: the test needs no packaging step.
   */
  private static void jarWithPicocli(Path jar) throws IOException {
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
  }

  private record Result(int code, String out, String err) {}

  private Result run(Path root, String... words) throws Exception {
    List<String> command = new java.util.ArrayList<>(List.of("bash", "scripts/tern"));
    ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile());
    builder.environment().put("TERN_HOME", temp.resolve("home").toString());
    builder.environment().remove("TERN_PROFILE");
    builder.environment().remove("TERN_JAVA_OPTS");
    builder.environment().remove("JAVA_HOME");
    builder.environment().put("NO_COLOR", "1");
    for (String word : words) {
      int equals = word.indexOf('=');
      if (equals > 0 && word.substring(0, equals).matches("[A-Z_]+")) {
        builder.environment().put(word.substring(0, equals), word.substring(equals + 1));
      } else {
        command.add(word);
      }
    }
    builder.command(command);
    Path out = temp.resolve("out.txt");
    Path err = temp.resolve("err.txt");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    process.getOutputStream().close();
    assertThat(process.waitFor(3, TimeUnit.MINUTES)).isTrue();
    return new Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
