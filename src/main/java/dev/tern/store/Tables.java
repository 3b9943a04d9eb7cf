package dev.tern.store;

/**
 * The parts a {@link StoreTxn} hands out. They hold no state of their own beyond the statements
 * they run, so one set serves every transaction on a store.
 */
final class Tables {
  final Statements statements;
  final MetaTable meta;
  final ClockTable clock;
  final TeamTable teams;
  final CommentRows comments;
  final IssueRows issues;
  final SyncedTables synced;
  final OpLog opLog;
  final ConflictTable conflicts;
  final OpStack undoStack;
  final OpStack redoStack;
  final SearchIndex searchIndex;

  Tables(LocalStore store) {
    statements = new Statements(store);
    meta = new MetaTable(statements);
    clock = new ClockTable(statements);
    teams = new TeamTable(statements);
    comments = new CommentRows(statements);
    issues = new IssueRows(statements, comments);
    synced = new SyncedTables(statements);
    opLog = new OpLog(statements);
    conflicts = new ConflictTable(statements);
    undoStack = new OpStack(statements, "undo_top");
    redoStack = new OpStack(statements, "redo_top");
    searchIndex = new SearchIndex(statements);
  }
}
