package dev.tern.server.store;

import dev.tern.protocol.TeamInfo;
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
}
