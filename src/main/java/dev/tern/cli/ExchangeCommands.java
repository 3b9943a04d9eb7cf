package dev.tern.cli;

import dev.tern.cli.view.IssueView;
import dev.tern.model.InvalidInputException;
import dev.tern.replica.Exchange.Imported;
import java.io.BufferedWriter;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** JSONL in and out: one issue per line, comments included. */
final class ExchangeCommands {
  private ExchangeCommands() {}

  @Command(
      name = "import",
      description = "Import issues from JSONL (as `tern export` writes it); all or nothing.")
  static final class Import extends TernCommand {
    @Parameters(paramLabel = "FILE", description = "A .jsonl file, or '-' for standard input.")
    String file;

    @Override
    int run() throws Exception {
      Imported imported;
      // Bytes, not chars: the JSON parser reads UTF-8 itself (docs/performance.md, "Import").
      if ("-".equals(file)) {
        imported = replica().importIssues(session().stdin());
      } else {
        try (InputStream in = Files.newInputStream(Path.of(file))) {
          imported = replica().importIssues(in);
        } catch (NoSuchFileException e) {
          throw new InvalidInputException("no such file: " + file);
        }
      }
      new IssueView(output()).imported(imported);
      return ExitCode.OK;
    }
  }

  @Command(
      name = "export",
      description = "Write every issue (archived too, with comments) as JSONL.")
  static final class Export extends TernCommand implements TernCommand.Reading {
    @Override
    int run() throws Exception {
      Writer out =
          new BufferedWriter(
              new OutputStreamWriter(terminal().out(), StandardCharsets.UTF_8), 1 << 16);
      replica().export(out);
      out.flush();
      return ExitCode.OK;
    }
  }
}
