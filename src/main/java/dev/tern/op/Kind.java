package dev.tern.op;

/** What an operation does. The wire name is stable: stores and the protocol carry it. */
public enum Kind {
  CREATE_ISSUE("issue.create"),
  UPDATE_ISSUE("issue.update"),
  CREATE_COMMENT("comment.create"),
  UPDATE_COMMENT("comment.update");

  private final String wireName;

  Kind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  public boolean onIssue() {
    return this == CREATE_ISSUE || this == UPDATE_ISSUE;
  }

  public static Kind ofWireName(String name) {
    for (Kind kind : values()) {
      if (kind.wireName.equals(name)) {
        return kind;
      }
    }
    throw new IllegalArgumentException("unknown operation kind: " + name);
  }
}
