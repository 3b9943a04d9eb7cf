package dev.tern.replica;

import java.util.List;
import java.util.Locale;

/**
 * Where an operation in the local log stands with the server. Its {@link #text()} is what the store
 * holds and what {@code tern log --json} prints.
 */
public enum OpStatus {
  /** Made here and not yet acknowledged: waits to be pushed. */
  PENDING,
  /** Acknowledged by the server; the delta carrying it has not been pulled yet. */
  ACKED,
  /** Part of the synced state. */
  SYNCED,
  /**
   * Refused by the server: kept in the log with the reason. Its effect leaves the view, except on
   * an issue the server never accepted, which stays until moved or discarded ({@link #HELD}).
   */
  REJECTED,
  /** Another replica's, received from the server. */
  REMOTE;

  /**
   * The statuses of operations the server has not yet folded into the synced state: a rebase
   * re-applies them on top of it. The store's partial index of open operations serves queries on
   * them (see {@code store/OpLog.java}).
   */
  static final List<String> UNCONFIRMED = List.of(PENDING.text(), ACKED.text());

  /**
   * The statuses re-applied to an issue the server has never accepted: its rejected operations stay
   * in the view (flagged by {@link Replica#rejections()}) until the user moves or discards them, so
   * nothing the user typed disappears without a command from them.
   */
  static final List<String> HELD = List.of(PENDING.text(), ACKED.text(), REJECTED.text());

  /** The verdict of a rejected operation the user has not yet moved or discarded. */
  static final String OPEN_REJECTION = "rejected";

  /** The verdict of a rejected operation the user discarded, or moved by writing a new copy. */
  static final String DISCARDED = "discarded";

  static final String MOVED = "moved";

  public String text() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The status whose {@link #text()} is {@code text}. */
  public static OpStatus ofText(String text) {
    return valueOf(text.toUpperCase(Locale.ROOT));
  }
}
