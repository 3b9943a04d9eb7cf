package dev.tern.op;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HlcClockTest {
  private final AtomicLong wall = new AtomicLong(1_000_000L);
  private final HlcClock clock = new HlcClock("client-a", wall::get, 0, 0);

  @Test
  void stampsKeepRisingWhenTheWallClockStepsBack() {
    List<Hlc> stamps = new ArrayList<>();
    stamps.add(clock.tick());
    wall.set(1_000_500L);
    stamps.add(clock.tick());
    wall.set(900_000L); // NTP steps the clock back 100 s
    for (int i = 0; i < 5; i++) {
      stamps.add(clock.tick());
    }
    wall.set(1_000_501L);
    stamps.add(clock.tick());

    for (int i = 1; i < stamps.size(); i++) {
      assertThat(stamps.get(i)).isGreaterThan(stamps.get(i - 1));
      assertThat(stamps.get(i).encode()).isGreaterThan(stamps.get(i - 1).encode());
    }
    assertThat(stamps.get(2).millis()).isEqualTo(1_000_500L);
    assertThat(stamps.get(2).counter()).isEqualTo(1);
    assertThat(stamps.get(7)).isEqualTo(new Hlc(1_000_501L, 0, "client-a"));
  }

  @Test
  void aTickAfterReceivingAStampFromTheFutureSortsAfterIt() {
    clock.tick();
    Hlc remote = new Hlc(wall.get() + 60_000, 7, "client-z");
    clock.receive(remote);
    Hlc next = clock.tick();
    assertThat(next).isGreaterThan(remote);
    assertThat(next.millis()).isEqualTo(remote.millis());
    assertThat(next.counter()).isEqualTo(8);
    // Even a remote stamp with a larger client id at the same millis and counter is passed.
    clock.receive(new Hlc(next.millis(), next.counter(), "zzzz"));
    assertThat(clock.tick()).isGreaterThan(new Hlc(next.millis(), next.counter(), "zzzz"));
  }

  @Test
  void receivingAnOlderStampChangesNothing() {
    Hlc before = clock.tick();
    clock.receive(new Hlc(before.millis() - 10, 99, "client-b"));
    assertThat(clock.lastMillis()).isEqualTo(before.millis());
    assertThat(clock.lastCounter()).isEqualTo(before.counter());
  }

  @Test
  void counterOverflowBorrowsTheNextMillisecond() {
    HlcClock full = new HlcClock("client-a", () -> 5L, 5L, 0xfffe);
    Hlc last = full.tick();
    assertThat(last).isEqualTo(new Hlc(5L, 0xffff, "client-a"));
    Hlc overflowed = full.tick();
    assertThat(overflowed).isEqualTo(new Hlc(6L, 0, "client-a"));
    assertThat(overflowed).isGreaterThan(last);
    assertThat(overflowed.encode()).isGreaterThan(last.encode());
  }

  @Test
  void receivingAFullCounterThenTickingStillRises() {
    Hlc remote = new Hlc(wall.get() + 10, 0xffff, "client-b");
    clock.receive(remote);
    assertThat(clock.tick()).isGreaterThan(remote);
  }
}
