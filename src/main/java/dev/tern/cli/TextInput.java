package dev.tern.cli;

import dev.tern.model.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** Long text from the command line, a file, standard input ({@code -F -}) or an editor. */
final class TextInput {
  private TextInput() {}

  /** Reads {@code file}, or standard input when it is {@code -}. */
  static String read(String file, InputStream stdin) {
    try {
      if ("-".equals(file)) {
        return new String(stdin.readAllBytes(), StandardCharsets.UTF_8);
      }
      return Files.readString(Path.of(file), StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("no such file: " + file);
    } catch (IOException e) {
      throw new InvalidInputException("cannot read " + file + ": " + e.getMessage());
    }
  }

  /**
   * Whether a message left out on the command line can be written in an editor instead: when {@code
   * $VISUAL} or {@code $EDITOR} names one, or on a terminal (where {@code vi} is the fallback). A
   * script without either gets a usage error rather than a hung {@code vi}.
   */
  static boolean editorAvailable(Map<String, String> env, boolean terminal) {
    return !editor(env).isEmpty() || terminal;
  }

  private static String editor(Map<String, String> env) {
    for (String name : List.of("VISUAL", "EDITOR")) {
      String value = env.get(name);
      if (value != null && !value.isBlank()) {
        return value.strip();
      }
    }
    return "";
  }

  /**
   * A message written in the editor, as {@code git commit} takes one: {@code template} is opened,
   * lines starting with {@code #} are dropped from what was saved, and trailing blank lines go.
   * Nothing left (the user saved it empty, or deleted everything) aborts with a usage error, so
   * nothing is created.
   */
  static String message(String template, Map<String, String> env, String what) {
    StringBuilder kept = new StringBuilder();
    for (String line : edit(template, env).split("\\R", -1)) {
      if (!line.startsWith("#")) {
        kept.append(line).append('\n');
      }
    }
    String message = kept.toString().strip();
    if (message.isEmpty()) {
      throw new InvalidInputException("empty " + what + "; nothing was saved");
    }
    return message;
  }

  /**
   * Opens {@code $VISUAL}, else {@code $EDITOR}, else {@code vi} on {@code text} and returns what
   * was saved. The editor command may carry arguments ({@code "code --wait"}): the shell runs it.
   */
  static String edit(String text, Map<String, String> env) {
    String editor = editor(env);
    if (editor.isEmpty()) {
      editor = "vi";
    }
    Path file = null;
    try {
      file = Files.createTempFile("tern-", ".md");
      Files.writeString(file, text, StandardCharsets.UTF_8);
      Process process =
          new ProcessBuilder(
                  List.of("sh", "-c", editor + " \"$1\"", "tern-editor", file.toString()))
              .inheritIO()
              .start();
      int status = process.waitFor();
      if (status != 0) {
        throw new InvalidInputException(
            "editor '" + editor + "' exited with status " + status + "; nothing changed");
      }
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidInputException("cannot run editor '" + editor + "': " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InvalidInputException("interrupted while waiting for the editor");
    } finally {
      if (file != null && !file.toFile().delete()) {
        // It holds the user's text: if it cannot go now, it goes when this process ends.
        file.toFile().deleteOnExit();
      }
    }
  }
}
