package dev.tern.store;

import dev.tern.model.StoreException;
import java.sql.SQLException;
import java.util.Locale;

/**
 * A transaction on the client store. Rolls back on {@link #close()} unless {@link #commit()} was
 * called, so an operation and its effect are written together or not at all. Reads and writes go
 * through its parts, one per table or family of tables; use them only while it is open.
 */
public final class StoreTxn implements AutoCloseable {
  private final LocalStore store;
  private final StoreTxn outer;
  private boolean finished;
  private boolean rollbackOnly;

  /** A transaction of its own when {@code outer} is null, else one that joins {@code outer}. */
  StoreTxn(LocalStore store, StoreTxn outer) {
    this.store = store;
    this.outer = outer;
  }

  boolean isOpen() {
    return !finished;
  }

  public void commit() {
    if (outer != null) {
      finished = true;
      return;
    }
    if (rollbackOnly) {
      close();
      throw new StoreException("transaction rolled back: a step inside it failed", null);
    }
    finish("COMMIT");
  }

  @Override
  public void close() {
    if (finished) {
      return;
    }
    if (outer != null) {
      finished = true;
      outer.rollbackOnly = true;
      return;
    }
    finish("ROLLBACK");
  }

  private void finish(String sql) {
    finished = true;
    try {
      store.execute(sql);
    } catch (SQLException e) {
      throw store.tables.statements.failure(sql.toLowerCase(Locale.ROOT), e);
    }
  }

  /** Settings and sync bookkeeping. */
  public MetaTable meta() {
    return store.tables.meta;
  }

  /** The sequence and hybrid logical clock to resume from. */
  public ClockTable clock() {
    return store.tables.clock;
  }

  public TeamTable teams() {
    return store.tables.teams;
  }

  /** Issue rows of the view and the synced tables, and the view's queries. */
  public IssueRows issues() {
    return store.tables.issues;
  }

  /** Comment rows of the view and the synced tables. */
  public CommentRows comments() {
    return store.tables.comments;
  }

  /** The server's state at the cursor, and resetting the view to it. */
  public SyncedTables synced() {
    return store.tables.synced;
  }

  public OpLog opLog() {
    return store.tables.opLog;
  }

  public ConflictTable conflicts() {
    return store.tables.conflicts;
  }

  /** The user's actions that undo reverses, newest on top. */
  public OpStack undoStack() {
    return store.tables.undoStack;
  }

  /** The view's full-text index, for bulk loads that fill it at the end. */
  public SearchIndex searchIndex() {
    return store.tables.searchIndex;
  }

  /** The undos that redo reverses, newest on top; every new action empties it. */
  public OpStack redoStack() {
    return store.tables.redoStack;
  }
}
