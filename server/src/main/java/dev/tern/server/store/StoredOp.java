package dev.tern.server.store;

import dev.tern.model.InvalidInputException;
import dev.tern.op.Change;
import dev.tern.op.Hlc;
import dev.tern.op.Kind;
import dev.tern.op.Op;
import dev.tern.op.OpHeader;
import java.util.Map;
import java.util.TreeMap;

/**
 * The compact text of an operation in the log ({@code ops.op_text}, schema version 2): what the
 * row's own columns (op id, client id, sequence, team) do not already hold, written and read
 * without a JSON library.
 *
 * <p>Tab-separated: the format's version ({@code 1}), kind, stamp, actor, entity, then field, value
 * and base for each change. In each part a backslash is written {@code \\}, a tab {@code \t}, and a
 * null {@code \N} (a real backslash is always doubled, so {@code \N} cannot come from text). Rows
 * written before version 2 hold the JSON of {@link StoredJson#op}; they begin with {@code {} and
 * are read by that.
 */
final class StoredOp {
  private static final char SEPARATOR = '\t';
  private static final String VERSION = "1";

  private StoredOp() {}

  static String write(Op op) {
    Map<String, Change<String>> changes = op.changes();
    StringBuilder text = new StringBuilder(64 + changes.size() * 24);
    text.append(VERSION);
    part(text, op.kind().wireName());
    part(text, op.stamp().encode());
    part(text, op.actor());
    part(text, op.entity());
    for (Map.Entry<String, Change<String>> change : changes.entrySet()) {
      part(text, change.getKey());
      part(text, change.getValue().value());
      part(text, change.getValue().base());
    }
    return text.toString();
  }

  /**
   * Reads an operation from its log row: the row's header columns and its {@code op_text}, compact
   * or (from before version 2) JSON. Throws ServerStoreException for text neither form wrote.
   */
  static Op read(String opId, String clientId, long seq, String team, String text) {
    if (text.startsWith("{")) {
      return StoredJson.readOp(text);
    }
    String[] parts = split(text);
    if (parts.length < 5 || (parts.length - 5) % 3 != 0 || !VERSION.equals(parts[0])) {
      throw corrupt("not an operation of a known form");
    }
    try {
      Kind kind = Kind.ofWireName(required(parts[1]));
      Hlc stamp = Hlc.decode(required(parts[2]));
      Map<String, Change<String>> changes = new TreeMap<>();
      for (int index = 5; index < parts.length; index += 3) {
        changes.put(required(parts[index]), new Change<>(parts[index + 1], parts[index + 2]));
      }
      OpHeader header =
          new OpHeader(opId, clientId, seq, stamp, required(parts[3]), required(parts[4]), team);
      return Op.fromStored(header, kind, changes);
    } catch (IllegalArgumentException | InvalidInputException e) {
      throw corrupt(e.getMessage());
    }
  }

  private static void part(StringBuilder text, String value) {
    text.append(SEPARATOR);
    if (value == null) {
      text.append("\\N");
      return;
    }
    for (int index = 0; index < value.length(); index++) {
      char c = value.charAt(index);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case SEPARATOR -> text.append("\\t");
        default -> text.append(c);
      }
    }
  }

  /** The unescaped parts; a null part stays null. */
  private static String[] split(String text) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    StringBuilder current = new StringBuilder();
    boolean isNull = false;
    for (int index = 0; index < text.length(); index++) {
      char c = text.charAt(index);
      if (c == SEPARATOR) {
        parts.add(isNull ? null : current.toString());
        current.setLength(0);
        isNull = false;
      } else if (c == '\\') {
        if (++index == text.length()) {
          throw corrupt("a lone backslash at the end");
        }
        switch (text.charAt(index)) {
          case '\\' -> current.append('\\');
          case 't' -> current.append(SEPARATOR);
          case 'N' -> isNull = true;
          default -> throw corrupt("unknown escape \\" + text.charAt(index));
        }
      } else {
        current.append(c);
      }
    }
    parts.add(isNull ? null : current.toString());
    return parts.toArray(String[]::new);
  }

  private static String required(String part) {
    if (part == null || part.isEmpty()) {
      throw corrupt("a required part is empty");
    }
    return part;
  }

  private static ServerStoreException corrupt(String reason) {
    return new ServerStoreException("corrupt operation in the server store: " + reason);
  }
}
