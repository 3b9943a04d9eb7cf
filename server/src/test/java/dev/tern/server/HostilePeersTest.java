package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Change;
import dev.tern.op.Op;
import dev.tern.op.Outcome;
import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Peers that declare more than they send, spread one message over endless continuation frames, or
 * never read what the server sends them, against a server in its own JVM with a 96 MiB heap, while
 * a well-behaved client keeps pushing: the server's memory stays bounded, the listener keeps
 * accepting, and the client loses nothing. (Java-WebSocket alone allocates each declared length up
 * front and never adds up continuation frames; a send queue bounded in frames rather than bytes
 * holds any number of large deltas: each attack exhausts this heap without the limits.)
 */
class HostilePeersTest {
  private static final int SIX_MIB = 6 * 1024 * 1024;

  @TempDir Path dir;
  private Process child;
  private int port;
  private String goodToken;
  private String attackerToken;
  private final List<RawSocket> attackers = new ArrayList<>();

  @BeforeEach
  void startServer() throws Exception {
    child =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx96m",
                "-cp",
                System.getProperty("java.class.path"),
                ServerChild.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    String[] started = lines.readLine().split(" ");
    port = Integer.parseInt(started[0]);
    goodToken = started[1];
    attackerToken = started[2];
  }

  @AfterEach
  void stopServer() throws Exception {
    for (RawSocket attacker : attackers) {
      attacker.close();
    }
    child.getOutputStream().close();
    if (!child.waitFor(10, TimeUnit.SECONDS)) {
      child.destroyForcibly();
    }
  }

  @Test
  void unauthenticatedPeersDeclaringHugeFramesAreRefusedAtTheHeader() throws Exception {
    GoodClient good = new GoodClient();
    for (int index = 0; index < 40; index++) {
      RawSocket attacker = RawSocket.upgraded(port);
      attackers.add(attacker);
      attacker.sendFrame(0x1, true, SIX_MIB, new byte[] {'{'});
      // Refused on the header alone: 1009 (too big), well before any payload arrives.
      assertThat(attacker.closeCode()).isEqualTo(1009);
      good.pushOne();
    }
    good.pushOne();
    new GoodClient().pushOne();
    assertThat(child.isAlive()).isTrue();
  }

  @Test
  void signedInPeersDeclaringLargeFramesHoldOnlyWhatTheySent() throws Exception {
    GoodClient good = new GoodClient();
    // 40 declared 6 MiB frames would be 240 MiB allocated up front: more than the whole heap.
    for (int index = 0; index < 40; index++) {
      RawSocket attacker = signedInAttacker("attacker-" + index);
      attacker.sendFrame(0x1, true, SIX_MIB, new byte[] {'{'});
      good.pushOne();
    }
    good.pushOne();
    new GoodClient().pushOne();
    assertThat(child.isAlive()).isTrue();
  }

  @Test
  void aMessageOverContinuationFramesIsCutOffAtTheLimit() throws Exception {
    GoodClient good = new GoodClient();
    byte[] mebibyte = new byte[1024 * 1024];
    java.util.Arrays.fill(mebibyte, (byte) 'x');
    for (int round = 0; round < 3; round++) {
      RawSocket attacker = signedInAttacker("flood-" + round);
      Thread flood =
          new Thread(
              () -> {
                try {
                  attacker.sendFrame(0x1, false, mebibyte.length, mebibyte);
                  // Far past the limit and the heap, unless the server adds the frames up.
                  for (int frame = 0; frame < 200; frame++) {
                    attacker.sendFrame(0x0, false, mebibyte.length, mebibyte);
                  }
                } catch (IOException expected) {
                  // The server closed the connection part-way through.
                }
              });
      flood.start();
      assertThat(attacker.closeCode()).isEqualTo(1009);
      attacker.close();
      flood.join(10_000);
      good.pushOne();
    }
    new GoodClient().pushOne();
    assertThat(child.isAlive()).isTrue();
  }

  @Test
  void watchersThatNeverReadAreDroppedBeforeTheirBacklogFillsTheHeap() throws Exception {
    GoodClient good = new GoodClient();
    for (int index = 0; index < 8; index++) {
      // Signed in, then never read again: every delta piles up for them.
      signedInAttacker("stuck-" + index);
    }
    String description = "a line of a long description, repeated\n".repeat(23_000);
    for (int index = 0; index < 30; index++) {
      good.pushBig(description);
    }
    good.pushOne();
    new GoodClient().pushOne();
    assertThat(child.isAlive()).isTrue();
  }

  @Test
  void aPeerThatPullsAndNeverReadsTheRepliesIsDropped() throws Exception {
    GoodClient good = new GoodClient();
    String description = "a line of a long description, repeated\n".repeat(23_000);
    for (int index = 0; index < 8; index++) {
      good.pushBig(description);
    }
    RawSocket puller = signedInAttacker("puller");
    try {
      for (int index = 0; index < 200; index++) {
        puller.sendText(MessageCodec.write(new Message.Pull(0, Protocol.MAX_PAGE)));
        if (index % 20 == 0) {
          good.pushOne();
        }
      }
    } catch (IOException dropped) {
      // The server closed the connection: what it is meant to do.
    }
    good.pushOne();
    new GoodClient().pushOne();
    assertThat(child.isAlive()).isTrue();
  }

  private RawSocket signedInAttacker(String clientId) throws Exception {
    RawSocket attacker = RawSocket.upgraded(port);
    attackers.add(attacker);
    attacker.sendText(
        MessageCodec.write(new Message.Hello(Protocol.PROTOCOL, attackerToken, clientId, 0)));
    assertThat(MessageCodec.readFromServer(attacker.readText()))
        .isInstanceOf(Message.Welcome.class);
    return attacker;
  }

  /** A well-behaved client: each push must be acknowledged as applied within RawClient's 5 s. */
  private final class GoodClient {
    private final RawClient client;
    private final TestOps ops;

    GoodClient() throws Exception {
      String clientId = "good-" + TestOps.newId();
      client = RawClient.signedIn(port, goodToken, clientId);
      ops = new TestOps(clientId, "good", System.currentTimeMillis());
    }

    void pushBig(String description) throws Exception {
      Op create = ops.createIssue("ENG", TestOps.newId(), "big");
      TreeMap<String, Change<String>> changes = new TreeMap<>(create.changes());
      changes.put("description", new Change<>(description, null));
      Op big =
          TestOps.textOp(
              create.id(),
              create.clientId(),
              create.seq(),
              create.stamp(),
              create.actor(),
              create.kind(),
              create.entity(),
              create.team(),
              changes);
      client.send(new Message.Push(List.of(big)));
      assertThat(client.next(Message.Ack.class).results())
          .extracting(result -> result.outcome())
          .containsOnly(Outcome.APPLIED);
    }

    void pushOne() throws Exception {
      client.send(new Message.Push(List.of(ops.createIssue("ENG", TestOps.newId(), "still here"))));
      Message.Ack ack = client.next(Message.Ack.class);
      assertThat(ack.results())
          .extracting(result -> result.outcome())
          .containsOnly(Outcome.APPLIED);
    }
  }
}
