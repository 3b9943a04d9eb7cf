package dev.tern.op;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class HlcTest {

  @Property
  void encodeThenDecodeGivesTheSameStamp(@ForAll("stamps") Hlc stamp) {
    assertThat(Hlc.decode(stamp.encode())).isEqualTo(stamp);
  }

  @Property
  void textOrderIsCompareOrder(@ForAll("stamps") Hlc left, @ForAll("stamps") Hlc right) {
    assertThat(Integer.signum(left.encode().compareTo(right.encode())))
        .isEqualTo(Integer.signum(left.compareTo(right)));
  }

  @Test
  void rejectsTextThatIsNotAStamp() {
    assertThatThrownBy(() -> Hlc.decode("12-0000-x")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Hlc(1, 0x10000, "c")).isInstanceOf(IllegalArgumentException.class);
  }

  @Provide
  Arbitrary<Hlc> stamps() {
    // 12 hex digits of milliseconds: up to the year 10889. Small ranges too, so ties happen.
    Arbitrary<Long> millis =
        Arbitraries.oneOf(
            Arbitraries.longs().between(0, 0xffff_ffff_ffffL), Arbitraries.longs().between(0, 3));
    Arbitrary<Integer> counters =
        Arbitraries.oneOf(
            Arbitraries.integers().between(0, 0xffff), Arbitraries.integers().between(0, 2));
    Arbitrary<String> clients =
        Arbitraries.oneOf(
            Arbitraries.of(
                "a", "b", "00000000-0000-4000-8000-000000000000", "ffffffff-0000-4000-8000-0"),
            Arbitraries.strings().withChars("0123456789abcdef-").ofMinLength(1).ofMaxLength(36));
    return Combinators.combine(millis, counters, clients).as(Hlc::new);
  }
}
