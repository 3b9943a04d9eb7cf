package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.TextRules;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** An import's operation ids are version-7 UUIDs that only ever go up. */
class ImportIdsTest {
  private static final long START = 1_700_000_000_123L;

  @Test
  void idsAreVersionSevenUuidsOfTheStartTimeInAscendingOrder() {
    ImportIds ids = new ImportIds(START, new SecureRandom());
    List<String> made = new ArrayList<>();
    for (int index = 0; index < 1000; index++) {
      made.add(ids.next());
    }
    for (String id : made) {
      TextRules.uuid("id", id);
      UUID uuid = UUID.fromString(id);
      assertThat(uuid.version()).isEqualTo(7);
      assertThat(uuid.variant()).isEqualTo(2);
      assertThat(uuid.getMostSignificantBits() >>> 16).isEqualTo(START);
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void theCountCarriesWithoutBreakingTheOrder() {
    // The low 62 bits at their last values, then the 12 above them too.
    for (ImportIds ids :
        List.of(new ImportIds(START, 5, (1L << 62) - 2), new ImportIds(START, 0xfff, -2L))) {
      List<String> made = new ArrayList<>();
      for (int index = 0; index < 5; index++) {
        made.add(ids.next());
      }
      assertThat(made).isSorted().doesNotHaveDuplicates();
      for (String id : made) {
        assertThat(UUID.fromString(id).version()).isEqualTo(7);
        assertThat(UUID.fromString(id).variant()).isEqualTo(2);
      }
    }
  }
}
