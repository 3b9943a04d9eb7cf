package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.protocol.IssueState;
import dev.tern.replica.IssueEdit;
import dev.tern.replica.NewIssue;
import dev.tern.server.PushHandler;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client whose clock runs a year ahead, against a real server on loopback (the replica's wall
 * clock is injected; the server reads the real one): its stamps are brought back to the server's
 * time, so it neither wins collisions by its clock nor dates issues next year, and its sync report
 * says its clock is the problem.
 */
class ClockAheadTest {
  static final long YEAR = 365L * 24 * 60 * 60 * 1000;

  @TempDir Path dir;
  SyncFixture fixture;
  Client alice;
  Client bob;

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
    alice =
        fixture.client(
            "alice", fixture.user("alice", "ENG"), () -> System.currentTimeMillis() + YEAR);
    // A second ahead: within the allowed skew, and surely later than anything stamped before.
    bob =
        fixture.client("bob", fixture.user("bob", "ENG"), () -> System.currentTimeMillis() + 1000);
    alice.login("ENG");
    bob.login("ENG");
  }

  @AfterEach
  void stop() {
    alice.close();
    bob.close();
    fixture.close();
  }

  @Test
  void aClockAYearAheadCannotWinByItNorDateIssuesInTheFuture() {
    Issue issue = bob.replica.create(NewIssue.titled("Original"));
    bob.sync();
    alice.sync();

    alice.replica.update(issue.id(), IssueEdit.none().withTitle("Alice's, from the future"));
    Issue created = alice.replica.create(NewIssue.titled("Created next year?"));
    SyncReport report = alice.sync();
    assertThat(report.clockAhead()).contains("ahead of the server's");

    bob.replica.update(issue.id(), IssueEdit.none().withTitle("Bob's, made later"));
    assertThat(bob.sync().clockAhead()).isNull();
    alice.sync();

    // Bob's edit was made after alice's reached the server: it wins, whatever her clock says.
    assertThat(alice.replica.show(issue.id()).title()).isEqualTo("Bob's, made later");
    assertThat(bob.replica.show(issue.id()).title()).isEqualTo("Bob's, made later");
    assertThat(alice.replica.conflicts(true)).hasSize(1);

    long limit = System.currentTimeMillis() + PushHandler.MAX_CLOCK_SKEW_MS;
    IssueState onServer = fixture.serverIssues(Set.of("ENG")).get(created.id());
    assertThat(onServer.createdAt()).isLessThanOrEqualTo(limit);
    assertThat(onServer.updatedAt()).isLessThanOrEqualTo(limit);
    assertThat(bob.replica.show(created.id()).createdAt()).isLessThanOrEqualTo(limit);
  }
}
