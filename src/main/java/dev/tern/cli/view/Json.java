package dev.tern.cli.view;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.model.Labels;
import dev.tern.model.Priority;
import dev.tern.replica.IssueJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Writes one compact JSON document per line to standard output, in the vocabulary docs/json.md
 * describes: one type per field wherever it appears.
 */
public final class Json {
  private Json() {}

  /**
   * Writes {@code value}, an operation's text form of {@code field}, in that field's one JSON type:
   * priority and estimate as numbers, labels as an array, archived and deleted as booleans, the
   * rest as strings; null (and the empty text of a cleared number) as null.
   */
  static void value(JsonGenerator json, String field, String value) throws IOException {
    if (value == null) {
      json.writeNull();
      return;
    }
    switch (field) {
      case "priority" -> {
        int level;
        try {
          level = value.isEmpty() ? 0 : Priority.parse(value).level();
        } catch (RuntimeException e) {
          level = 0; // a value this version does not know: shown as no priority
        }
        json.writeNumber(level);
      }
      case "estimate" -> {
        if (value.isEmpty()) {
          json.writeNull();
        } else {
          try {
            json.writeNumber(Long.parseLong(value.trim()));
          } catch (NumberFormatException e) {
            json.writeString(value);
          }
        }
      }
      case "labels" -> {
        json.writeStartArray();
        for (String label : Labels.parse(value)) {
          json.writeString(label);
        }
        json.writeEndArray();
      }
      case "archived", "deleted" -> json.writeBoolean(Boolean.parseBoolean(value));
      default -> json.writeString(value);
    }
  }

  /** A change as the one shape every command uses: {@code {"field", "from", "to"}}. */
  static void change(JsonGenerator json, String field, String from, String to) throws IOException {
    json.writeStartObject();
    json.writeStringField("field", field);
    json.writeFieldName("from");
    value(json, field, from);
    json.writeFieldName("to");
    value(json, field, to);
    json.writeEndObject();
  }

  /**
   * The error document {@code --json} prints on standard output: {@code {"error": {"code": N,
   * "message": "..."}}}, with the batch line number when there is one.
   */
  public static void error(Terminal terminal, int code, String message, Integer line) {
    try {
      print(
          terminal,
          json -> {
            json.writeStartObject();
            json.writeObjectFieldStart("error");
            json.writeNumberField("code", code);
            json.writeStringField("message", message);
            if (line != null) {
              json.writeNumberField("line", line);
            }
            json.writeEndObject();
            json.writeEndObject();
          });
    } catch (IOException e) {
      // Standard output is failing too: the exit code still tells.
    }
  }

  /** Writes a document. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  static void print(Terminal terminal, Body body) throws IOException {
    PrintStream out = terminal.out();
    // Through a character writer, as export does, so emoji come out as characters rather than
    // as escaped surrogate pairs, and --json and export agree byte for byte.
    Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
    JsonGenerator json = IssueJson.FACTORY.createGenerator(writer);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    body.write(json);
    json.flush();
    writer.flush();
    out.println();
    out.flush();
  }
}
