package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.model.Issue;
import dev.tern.protocol.DeltaEntry;
import dev.tern.replica.NewIssue;
import dev.tern.replica.Replica;
import dev.tern.sync.SyncFixture.Client;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Held connections: live delivery, pushes of other processes' edits, reconnection. */
class WatcherTest {
  @TempDir Path dir;
  SyncFixture fixture;
  final List<Thread> threads = new ArrayList<>();
  final List<Watcher> watchers = new ArrayList<>();

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
    fixture.store.addTeam("ENG", "Engineering");
  }

  @AfterEach
  void stop() throws InterruptedException {
    watchers.forEach(Watcher::stop);
    for (Thread thread : threads) {
      thread.join(5_000);
    }
    fixture.close();
  }

  static final Watcher.Timing FAST =
      new Watcher.Timing(
          Duration.ofSeconds(2),
          Duration.ofSeconds(30),
          Duration.ofSeconds(5),
          Duration.ofMillis(100),
          Duration.ofMillis(800),
          Duration.ofMillis(20));

  /** Starts a watcher on its own replica of {@code file}, on its own thread. */
  Watcher watch(Path file, String name, String token, AtomicInteger connects) {
    Replica replica = Replica.open(file, System::currentTimeMillis, name);
    BooleanSupplier changed = replica::changedElsewhere;
    Watcher watcher =
        new Watcher(
            replica.sync(),
            fixture.url(),
            token,
            changed,
            new Watcher.Events() {
              @Override
              public void connected(SyncReport caughtUp, boolean afterOffline) {
                connects.incrementAndGet();
              }

              @Override
              public void offline(String reason, int pending, Duration retry, boolean still) {}

              @Override
              public void applied(List<DeltaEntry> entries) {}
            },
            FAST);
    Thread thread =
        new Thread(
            () -> {
              try {
                watcher.run();
              } finally {
                replica.close();
              }
            },
            "watcher-" + name);
    thread.start();
    threads.add(thread);
    watchers.add(watcher);
    return watcher;
  }

  static void eventually(Duration limit, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + limit);
      }
      Thread.sleep(5);
    }
  }

  static boolean has(Replica replica, String id) {
    try {
      replica.show(id);
      return true;
    } catch (dev.tern.model.NotFoundException e) {
      return false;
    }
  }

  @Test
  void aWatcherAppliesAnotherClientsEditWithinASecond() throws Exception {
    Client alice = fixture.client("alice", fixture.user("alice", "ENG"));
    String bobToken = fixture.user("bob", "ENG");
    Client bob = fixture.client("bob", bobToken);
    try (alice;
        bob) {
      alice.login("ENG");
      bob.login("ENG");
      AtomicInteger connects = new AtomicInteger();
      watch(dir.resolve("bob.db"), "bob", bobToken, connects);
      eventually(Duration.ofSeconds(10), () -> connects.get() == 1);

      Issue issue = alice.replica.create(NewIssue.titled("Live"));
      long started = System.nanoTime();
      alice.sync();
      eventually(Duration.ofSeconds(1), () -> has(bob.replica, issue.id()));
      long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
      assertThat(millis).isLessThan(1_000);
    }
  }

  @Test
  void anEditByAnotherProcessOnAWatchedProfileReachesOthersWithoutSync() throws Exception {
    Client alice = fixture.client("alice", fixture.user("alice", "ENG"));
    String bobToken = fixture.user("bob", "ENG");
    Path home = dir.resolve("bob-home");
    Client bob =
        fixture
        .new Client(
            "bob",
            bobToken,
            Replica.open(home.resolve("default.db"), System::currentTimeMillis, "bob"));
    try (alice;
        bob) {
      alice.login("ENG");
      bob.login("ENG");
      AtomicInteger connects = new AtomicInteger();
      watch(home.resolve("default.db"), "bob", bobToken, connects);
      eventually(Duration.ofSeconds(10), () -> connects.get() == 1);

      ProcessBuilder builder =
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  "dev.tern.Main",
                  "new",
                  "Made by another process",
                  "--json")
              .redirectError(ProcessBuilder.Redirect.DISCARD);
      builder.environment().put("TERN_HOME", home.toString());
      Process edit = builder.start();
      assertThat(edit.waitFor(30, TimeUnit.SECONDS)).isTrue();
      String json = new String(edit.getInputStream().readAllBytes());
      assertThat(edit.exitValue()).as(json).isZero();
      String id = json.substring(json.indexOf("\"id\":\"") + 6, json.indexOf("\"id\":\"") + 42);

      long started = System.nanoTime();
      eventually(
          Duration.ofSeconds(2),
          () -> {
            alice.pullOnly();
            return has(alice.replica, id);
          });
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started)).isLessThan(1_000);
    }
  }

  @Test
  void twentyWatchersSurviveAServerRestartAndHoldEveryOperationOnce() throws Exception {
    Client alice = fixture.client("alice", fixture.user("alice", "ENG"));
    try (alice) {
      alice.login("ENG");
      int watcherCount = 20;
      AtomicInteger connects = new AtomicInteger();
      List<Path> files = new ArrayList<>();
      for (int index = 0; index < watcherCount; index++) {
        String name = "w" + index;
        String token = fixture.user(name, "ENG");
        Client client = fixture.client(name, token);
        client.login("ENG");
        client.close();
        files.add(dir.resolve(name + ".db"));
        watch(files.get(index), name, token, connects);
      }
      eventually(Duration.ofSeconds(20), () -> connects.get() == watcherCount);

      for (int index = 0; index < 30; index++) {
        alice.replica.create(NewIssue.titled("before " + index));
      }
      alice.sync();
      fixture.restart();
      for (int index = 0; index < 30; index++) {
        alice.replica.create(NewIssue.titled("after " + index));
      }
      alice.sync();
      eventually(Duration.ofSeconds(30), () -> connects.get() >= 2 * watcherCount);

      long head = fixture.store.head();
      var server =
          Replicas.server(
              fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
      for (Path file : files) {
        try (Replica replica = Replica.open(file, System::currentTimeMillis, "reader")) {
          eventually(Duration.ofSeconds(20), () -> replica.sync().cursor() == head);
          assertThat(Replicas.view(replica)).isEqualTo(server);
          Set<String> ids = new HashSet<>();
          var log = replica.log(false, 1_000);
          log.forEach(logged -> ids.add(logged.op().id()));
          // A watcher that had not yet pulled anything when the server went away bootstraps from a
          // snapshot (which carries state, not operations); any operation it did receive, it
          // holds once.
          assertThat(ids).hasSize(log.size());
          assertThat(replica.status().issues()).isEqualTo(60);
        }
      }
    }
  }

  @Test
  void aWatcherOfOneTeamMissesNothingWhileOtherTeamsCommitInBetween() throws Exception {
    fixture.store.addTeam("OPS", "Operations");
    String both = fixture.user("writer", "ENG", "OPS");
    Client writer = fixture.client("writer", both);
    String watcherToken = fixture.user("eng", "ENG");
    Client eng = fixture.client("eng", watcherToken);
    try (writer;
        eng) {
      writer.login("ENG");
      eng.login("ENG");
      AtomicInteger connects = new AtomicInteger();
      watch(dir.resolve("eng.db"), "eng", watcherToken, connects);
      eventually(Duration.ofSeconds(10), () -> connects.get() == 1);
      for (int index = 0; index < 40; index++) {
        String team = index % 3 == 0 ? "ENG" : "OPS";
        writer.replica.create(
            new NewIssue("issue " + index, null, null, null, null, List.of(), null, team, null));
        writer.sync();
      }
      long head = fixture.store.head();
      var server =
          Replicas.server(
              fixture.serverIssues(Set.of("ENG")), fixture.serverComments(Set.of("ENG")));
      try (Replica reader = Replica.open(dir.resolve("eng.db"), System::currentTimeMillis, "r")) {
        eventually(Duration.ofSeconds(10), () -> reader.sync().cursor() == head);
        assertThat(Replicas.view(reader)).isEqualTo(server);
        assertThat(server).hasSize(14);
      }
    }
  }
}
