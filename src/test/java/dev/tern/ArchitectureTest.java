package dev.tern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layering of docs/architecture.md: commands go through the replica and never name the store
 * (the query and log types they use are the replica's, the store's exception the model's), and
 * never touch the server.
 */
class ArchitectureTest {
  private static JavaClasses production;

  @BeforeAll
  static void importClasses() {
    production =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.tern");
  }

  @Test
  void theCliNeverTouchesTheStore() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tern.store..")
        .because("commands go through the replica, which hands out its own query and log types")
        .check(production);
  }

  @Test
  void theCliNeverDependsOnTheServer() {
    // `tern server` is the one command that starts the server: it alone may reach into it.
    noClasses()
        .that()
        .resideInAPackage("dev.tern.cli..")
        .and(
            com.tngtech.archunit.base.DescribedPredicate.not(
                com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                    dev.tern.cli.ServerCommand.class)))
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tern.server..")
        .allowEmptyShould(true)
        .check(production);
  }

  @Test
  void theCliNeverTouchesTheServerStore() {
    // Even `tern server` goes through dev.tern.server (ServerDatabase), not the store below it.
    noClasses()
        .that()
        .resideInAPackage("dev.tern.cli..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tern.server.store..")
        .check(production);
  }

  @Test
  void theServerNeverDependsOnTheClient() {
    noClasses()
        .that()
        .resideInAPackage("dev.tern.server..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "dev.tern.cli..", "dev.tern.replica..", "dev.tern.store..", "dev.tern.sync..")
        .check(production);
  }

  @Test
  void lowerLayersNeverReachUp() {
    noClasses()
        .that()
        .resideInAnyPackage("dev.tern.model..", "dev.tern.op..", "dev.tern.store..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("dev.tern.replica..", "dev.tern.cli..", "dev.tern.server..")
        .check(production);
    noClasses()
        .that()
        .resideInAPackage("dev.tern.replica..")
        .should()
        .dependOnClassesThat()
        .resideInAPackage("dev.tern.cli..")
        .check(production);
  }
}
