package multinode;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.Context;
import io.vertx.core.VerticleBase;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.TreeSet;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The architecture as rules over the compiled main classes: each capability's {@code impl} is its own,
 * the capabilities depend on each other without cycles, and configuration is read in one place.
 */
class ArchitectureTest {

  private static final JavaClasses MAIN = new ClassFileImporter()
    .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
    .importPackages("multinode");

  /** The capabilities that have an {@code impl} package: {@code chat}, {@code groups}, … */
  private static Set<String> capabilitiesWithImpl() {
    Set<String> capabilities = new TreeSet<>();
    MAIN.forEach(type -> {
      String[] parts = type.getPackageName().split("\\.");
      if (parts.length >= 3 && parts[2].equals("impl")) {
        capabilities.add(parts[1]);
      }
    });
    return capabilities;
  }

  @Test
  void noPackageReachesIntoAnotherPackagesImpl() {
    Set<String> capabilities = capabilitiesWithImpl();
    assertThat(capabilities).contains("node", "groups", "pubsub", "invoke", "chat", "web", "bridge");
    for (String capability : capabilities) {
      noClasses().that().resideOutsideOfPackage("multinode." + capability + "..")
        .should().dependOnClassesThat().resideInAPackage("multinode." + capability + ".impl..")
        .because("only " + capability + " itself may use its machinery; others use its public types")
        .check(MAIN);
    }
  }

  @Test
  void theCapabilitiesDependOnEachOtherWithoutCycles() {
    slices().matching("multinode.(*)..").should().beFreeOfCycles().check(MAIN);
  }

  @Test
  void onlyTheConfigPackageReadsRawConfiguration() {
    noClasses().that().resideOutsideOfPackage("multinode.config..")
      .should().callMethod(Context.class, "config")
      .orShould().callMethod(VerticleBase.class, "config")
      .orShould().callMethod(AbstractVerticle.class, "config")
      .because("configuration is read and validated once, into a NodeConfig, by multinode.config")
      .check(MAIN);
  }
}
