package dev.tern;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import dev.tern.model.StoreException;
import dev.tern.store.IssueQuery;
import dev.tern.store.LoggedOp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * STYLE.md's layering: commands go through the replica. The CLI may name the store's plain data
 * records it renders or passes on (a logged operation, a list query) and its refusal exception, but
 * never opens, reads or writes the store itself, and never touches the server.
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
  void theCliUsesOnlyTheStoresDataRecords() {
    ArchRule rule =
        noClasses()
            .that()
            .resideInAPackage("dev.tern.cli..")
            .should()
            .dependOnClassesThat(
                com.tngtech.archunit.base.DescribedPredicate.and(
                    com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage(
                        "dev.tern.store.."),
                    com.tngtech.archunit.base.DescribedPredicate.not(
                        com.tngtech.archunit.core.domain.JavaClass.Predicates.belongToAnyOf(
                            LoggedOp.class, IssueQuery.class, StoreException.class))))
            .because("commands never open or write the store directly");
    rule.check(production);
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
