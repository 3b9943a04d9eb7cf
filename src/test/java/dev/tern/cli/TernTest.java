package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.Command;

/** {@link Tern#hot}, the switch that picks the one subcommand a one-shot run registers. */
class TernTest {
  @Test
  void hotAgreesWithEveryCommandsNameAndAliases() {
    List<Class<?>> hot = new ArrayList<>();
    for (Class<?> type : Tern.SUBCOMMANDS) {
      Command command = type.getAnnotation(Command.class);
      List<String> words = new ArrayList<>(List.of(command.aliases()));
      words.add(command.name());
      Class<?> found = Tern.hot(command.name());
      if (found != null) {
        hot.add(found);
      }
      for (String word : words) {
        assertThat(Tern.hot(word)).as(word).isEqualTo(found);
      }
    }
    assertThat(hot)
        .containsExactlyInAnyOrder(
            NewCommand.class,
            ListCommand.class,
            ShowCommand.class,
            EditCommand.class,
            CommentCommand.class,
            StateCommands.Close.class,
            StateCommands.Reopen.class,
            StateCommands.Archive.class,
            LogCommands.Log.class,
            LogCommands.History.class,
            UndoCommands.Undo.class,
            UndoCommands.Redo.class,
            StatusCommand.class,
            SyncCommands.Sync.class,
            BatchCommand.class);
    assertThat(Tern.hot("server")).isNull();
    assertThat(Tern.hot("nonsense")).isNull();
  }
}
