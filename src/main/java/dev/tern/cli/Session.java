package dev.tern.cli;

import dev.tern.cli.view.Terminal;
import dev.tern.replica.Profile;
import dev.tern.replica.Replica;
import java.io.InputStream;
import java.time.ZoneId;
import java.util.Map;

/**
 * What the commands of one process share: the environment, the terminal and the replica, opened on
 * first use and kept open across the commands of a {@code batch} or {@code repl}.
 */
public final class Session implements AutoCloseable {
  private final Map<String, String> env;
  private final Terminal terminal;
  private final InputStream stdin;
  private final ZoneId zone;
  private String profileName;
  private Replica replica;

  public Session(Map<String, String> env, Terminal terminal, InputStream stdin, ZoneId zone) {
    this.env = env;
    this.terminal = terminal;
    this.stdin = stdin;
    this.zone = zone;
  }

  public InputStream stdin() {
    return stdin;
  }

  /** The zone times are shown in. */
  public ZoneId zone() {
    return zone;
  }

  public Map<String, String> env() {
    return env;
  }

  public Terminal terminal() {
    return terminal;
  }

  void selectProfile(String name) {
    if (replica != null && name != null && !name.equals(profileName)) {
      replica.close();
      replica = null;
    }
    if (name != null) {
      profileName = name;
    }
  }

  public Profile profile() {
    return Profile.resolve(profileName, env);
  }

  /**
   * Whether the profile was chosen by name ({@code --profile} or {@code TERN_PROFILE}) rather than
   * being the default one.
   */
  boolean profileNamed() {
    return profileName != null || env.containsKey("TERN_PROFILE");
  }

  /** Whether the profile's store is already open, or its file exists. */
  boolean profileExists() {
    return replica != null || java.nio.file.Files.exists(profile().storeFile());
  }

  public Replica replica() {
    if (replica == null) {
      replica = Replica.open(profile(), env);
    }
    return replica;
  }

  @Override
  public void close() {
    if (replica != null) {
      replica.close();
      replica = null;
    }
  }
}
