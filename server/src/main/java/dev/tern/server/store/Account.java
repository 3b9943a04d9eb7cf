package dev.tern.server.store;

import dev.tern.protocol.TeamInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** A user as a token authenticates it, with the teams it may read and write. */
public record Account(String user, List<TeamInfo> teams, Set<String> teamKeys) {

  public Account(String user, List<TeamInfo> teams) {
    this(user, teams, teams.stream().map(TeamInfo::key).collect(Collectors.toUnmodifiableSet()));
  }

  public boolean memberOf(String team) {
    return teamKeys.contains(team);
  }

  /**
   * What the store keeps of a token: its SHA-256 in hex. A server compares it with {@link
   * ServerStore#accountsByTokenHash()} to notice a token re-issued or revoked.
   */
  public static String tokenHash(String token) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(token.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK always has SHA-256", e);
    }
  }
}
