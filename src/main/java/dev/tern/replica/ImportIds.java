package dev.tern.replica;

import java.security.SecureRandom;
import java.util.UUID;

/**
 * The ids of an import's operations: UUIDs of version 7 (RFC 9562), which sort by time. The first
 * 48 bits are the import's start in Unix milliseconds; the other 74 free bits hold a number that
 * starts at a random value and counts up by one per id. So one import's ids are unique among
 * themselves by construction, and another import's (elsewhere, or later here) differ in the time or
 * in a 74-bit random start; ids made by ordinary edits are version 4 and never equal these.
 *
 * <p>Why not random ids as everywhere else: an id is a key of the op-id index, and 100k random keys
 * land all over that B-tree, while ascending ones append to it: SQLite spends a quarter to a third
 * less CPU on the import's op rows (docs/performance.md, "Import"), and no {@link SecureRandom}
 * call is made per id.
 */
final class ImportIds {
  private static final long LOW_BITS = (1L << 62) - 1;
  private static final long VARIANT = 1L << 63;

  /** Milliseconds (48 bits), version 7 (4 bits), the count's top 12 bits. */
  private long high;

  /** Variant {@code 10} (2 bits), the count's low 62 bits. */
  private long low;

  ImportIds(long startMillis, SecureRandom random) {
    this(startMillis, random.nextInt(), random.nextLong());
  }

  /**
   * Ids from {@code startMillis} whose count starts at {@code top}'s 12 and {@code count}'s 62 low
   * bits.
   */
  ImportIds(long startMillis, int top, long count) {
    high = (startMillis << 16) | 0x7000L | (top & 0xfffL);
    low = VARIANT | (count & LOW_BITS);
  }

  /** The next id, greater than every id this generator gave before. */
  String next() {
    String id = new UUID(high, low).toString();
    long count = (low & LOW_BITS) + 1;
    if (count > LOW_BITS) {
      count = 0;
      // The 12 bits above carry; past them the millisecond part moves on, which keeps the order.
      high = (high & 0xfffL) == 0xfffL ? ((high >>> 16) + 1) << 16 | 0x7000L : high + 1;
    }
    low = VARIANT | count;
    return id;
  }
}
