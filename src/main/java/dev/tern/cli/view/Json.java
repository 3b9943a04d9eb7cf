package dev.tern.cli.view;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.tern.replica.IssueJson;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

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
