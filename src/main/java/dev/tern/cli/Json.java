package dev.tern.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.model.Issue;
import dev.tern.replica.IssueJson;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;

/** Writes one compact JSON document per line to standard output. */
final class Json {
  private Json() {}

  /** Writes a document. */
  @FunctionalInterface
  interface Body {
    void write(JsonGenerator json) throws IOException;
  }

  static void print(Terminal terminal, Body body) throws IOException {
    PrintStream out = terminal.out();
    // Through a character writer, as export does, so emoji come out as characters rather than
    // as escaped surrogate pairs, and --json and export agree byte for byte.
    java.io.Writer writer =
        new java.io.OutputStreamWriter(out, java.nio.charset.StandardCharsets.UTF_8);
    JsonGenerator json = IssueJson.FACTORY.createGenerator(writer);
    json.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    body.write(json);
    json.flush();
    writer.flush();
    out.println();
    out.flush();
  }

  static void issue(Terminal terminal, Issue issue) throws IOException {
    print(terminal, json -> IssueJson.write(json, issue, true));
  }

  static void issues(Terminal terminal, List<Issue> issues) throws IOException {
    print(
        terminal,
        json -> {
          json.writeStartArray();
          for (Issue issue : issues) {
            IssueJson.write(json, issue, false);
          }
          json.writeEndArray();
        });
  }
}
