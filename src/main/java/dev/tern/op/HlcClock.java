package dev.tern.op;

import java.util.function.LongSupplier;

/**
 * Issues {@link Hlc} stamps that never go backwards, whatever the wall clock does.
 *
 * <p>The rule (Kulkarni et al.): a new stamp takes the larger of the wall clock and the last
 * stamp's physical part; when that equals the last physical part the counter goes up, otherwise it
 * resets. Receiving a remote stamp folds it in the same way, so a stamp made after seeing a remote
 * one always sorts after it, even when the remote clock runs ahead of ours.
 *
 * <p>The clock is a value the store persists between processes: {@link #last()} is what to save.
 */
public final class HlcClock {
  private final String clientId;
  private final LongSupplier wallClock;
  private long lastMillis;
  private int lastCounter;

  public HlcClock(String clientId, LongSupplier wallClock, long lastMillis, int lastCounter) {
    this.clientId = clientId;
    this.wallClock = wallClock;
    this.lastMillis = lastMillis;
    this.lastCounter = lastCounter;
  }

  /** A stamp for a local event, later than every stamp this clock has issued or received. */
  public Hlc tick() {
    long now = wallClock.getAsLong();
    if (now > lastMillis) {
      lastMillis = now;
      lastCounter = 0;
    } else {
      advanceCounter();
    }
    return new Hlc(lastMillis, lastCounter, clientId);
  }

  /** Folds in a stamp seen from elsewhere so that the next {@link #tick()} sorts after it. */
  public void receive(Hlc remote) {
    if (remote.millis() > lastMillis) {
      lastMillis = remote.millis();
      lastCounter = remote.counter();
    } else if (remote.millis() == lastMillis && remote.counter() > lastCounter) {
      lastCounter = remote.counter();
    }
  }

  public long lastMillis() {
    return lastMillis;
  }

  public int lastCounter() {
    return lastCounter;
  }

  private void advanceCounter() {
    if (lastCounter == 0xffff) {
      // 65536 events in one logical millisecond: borrow the next millisecond rather than overflow.
      lastMillis++;
      lastCounter = 0;
    } else {
      lastCounter++;
    }
  }
}
