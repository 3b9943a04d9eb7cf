package dev.tern.cli.view;

import java.util.List;
import java.util.Map;

/**
 * The human keys ({@code ENG-42}) of issues by id. The text views ask for them only when they print
 * text, so a {@code --json} run costs no look-up.
 */
@FunctionalInterface
public interface IssueKeys {
  /** The key of every id in {@code issueIds}. */
  Map<String, String> of(List<String> issueIds);
}
