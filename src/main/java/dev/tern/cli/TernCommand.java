package dev.tern.cli;

import dev.tern.cli.view.Output;
import dev.tern.cli.view.Terminal;
import dev.tern.replica.Replica;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The base of every command: the shared session, the global options, and {@link #run()}. */
abstract class TernCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Mixin GlobalOptions options;

  @Override
  public final Integer call() throws Exception {
    return run();
  }

  /** Does the command's work; returns its exit code. */
  abstract int run() throws Exception;

  Session session() {
    Tern root = (Tern) spec.root().userObject();
    root.session().selectProfile(options.profile != null ? options.profile : root.options.profile);
    return root.session();
  }

  boolean json() {
    Tern root = (Tern) spec.root().userObject();
    return options.json || root.options.json;
  }

  Replica replica() {
    return session().replica();
  }

  Terminal terminal() {
    return session().terminal();
  }

  /** Where and how this command shows its result, for its view. */
  Output output() {
    return new Output(terminal(), session().zone(), json());
  }
}
