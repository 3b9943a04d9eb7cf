package dev.tern.replica;

import dev.tern.model.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Where a profile's store lives: {@code $TERN_HOME/<profile>.db}. {@code TERN_HOME} defaults to the
 * XDG data directory ({@code $XDG_DATA_HOME/tern}, else {@code ~/.local/share/tern}); the profile
 * name defaults to {@code TERN_PROFILE}, else {@code default}.
 */
public record Profile(String name, Path home) {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}");

  public Profile {
    if (!NAME.matcher(name).matches()) {
      throw new InvalidInputException(
          "invalid profile name '" + name + "': use letters, digits, '.', '_' or '-'");
    }
  }

  /** The profile the environment selects, or {@code name} when given. */
  public static Profile resolve(String name, Map<String, String> environment) {
    String chosen = name != null ? name : environment.getOrDefault("TERN_PROFILE", "default");
    return new Profile(chosen, home(environment));
  }

  public Path storeFile() {
    return home.resolve(name + ".db");
  }

  static Path home(Map<String, String> environment) {
    String home = environment.get("TERN_HOME");
    if (home != null && !home.isBlank()) {
      return Path.of(home);
    }
    String xdg = environment.get("XDG_DATA_HOME");
    if (xdg != null && !xdg.isBlank()) {
      return Path.of(xdg, "tern");
    }
    return Path.of(System.getProperty("user.home"), ".local", "share", "tern");
  }
}
