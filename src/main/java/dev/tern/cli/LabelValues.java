package dev.tern.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * The value of a {@code --label} option, taken whatever it looks like: {@code --label -a} excludes
 * or removes label {@code a} even though {@code -a} is also a short option ({@code ls --all},
 * {@code edit -e}). Left to picocli, a value that spells an option is refused or read as that
 * option. Commas split a value into several labels.
 */
final class LabelValues implements IParameterConsumer {
  @Override
  public void consumeParameters(Stack<String> args, ArgSpec option, CommandSpec command) {
    if (args.isEmpty()) {
      throw new ParameterException(
          command.commandLine(), "Missing required parameter for option '--label'");
    }
    List<String> labels = option.getValue() == null ? new ArrayList<>() : option.getValue();
    for (String label : args.pop().split(",", -1)) {
      labels.add(label);
    }
    option.setValue(labels);
  }
}
