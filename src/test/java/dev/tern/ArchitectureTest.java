package dev.tern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walls of docs/architecture.md, kept by a test rather than by good intentions. No allow-lists:
 * when a rule is in the way, the type moves, not the rule.
 */
class ArchitectureTest {
  private static final String[] CLIENT = {
    "dev.tern.cli..", "dev.tern.replica..", "dev.tern.store..", "dev.tern.sync.."
  };

  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tern");
  }

  @Test
  void theServerNeverReachesIntoTheClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(CLIENT)
        .check(production);
  }

  @Test
  void theProtocolBelongsToNeitherEnd() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.protocol..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(CLIENT, "dev.tern.server.."))
        .check(production);
  }

  @Test
  void theCoreKnowsNothingAboveIt() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tern.model..", "dev.tern.op..", "dev.tern.sqlite..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(concat(CLIENT, "dev.tern.server..", "dev.tern.protocol.."))
        .check(production);
  }

  @Test
  void theStoreKnowsNeitherSyncNorTheReplicaNorTheCommands() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tern.sync..", "dev.tern.replica..", "dev.tern.cli..", "dev.tern.server..")
        .check(production);
  }

  @Test
  void commandsGoThroughTheReplicaNeverTheStores() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tern.store..", "dev.tern.server.store..")
        .because("commands parse, call the replica (or the server's own API), and render")
        .check(production);
  }

  @Test
  void theEngineAndSyncNeverReachUpToTheCommands() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tern.replica..", "dev.tern.sync..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tern.cli..", "dev.tern.server..")
        .check(production);
  }

  @Test
  void thePackagesHaveNoCycles() {
    slices().matching("dev.tern.(**)").should().beFreeOfCycles().check(production);
  }

  @Test
  void commentsCiteOnlyFilesInTheRepository() throws IOException {
    // Readers of the code have the repository, not the notes it was built from.
    Pattern outside = Pattern.compile("PRODUCT\\.md|STYLE\\.md|DEVELOPERS\\.md|\\.\\./shared");
    List<String> offenders;
    try (Stream<Path> files =
        Stream.of("src", "server/src", "docs", "scripts", "README.md")
            .map(Path::of)
            .filter(Files::exists)
            .flatMap(ArchitectureTest::walk)) {
      offenders =
          files
              .filter(Files::isRegularFile)
              .filter(file -> !file.toString().contains("/resources/golden"))
              .filter(file -> !file.getFileName().toString().equals("ArchitectureTest.java"))
              .filter(file -> outside.matcher(read(file)).find())
              .map(Path::toString)
              .toList();
    }
    assertThat(offenders).as("files citing documents outside the repository").isEmpty();
  }

  private static Stream<Path> walk(Path root) {
    try {
      return Files.walk(root);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String read(Path file) {
    try {
      return new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String[] concat(String[] first, String... more) {
    return Stream.concat(Stream.of(first), Stream.of(more)).toArray(String[]::new);
  }
}
