package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.op.Outcome;
import dev.tern.protocol.Message;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server run under {@code ulimit -n 200} is sent far more TCP connections than it has
 * descriptors. It caps connections at accept, below its descriptor limit, so accept never fails and
 * the listener lives: the client already connected keeps syncing, and once the flood is gone a new
 * client connects. (Java-WebSocket alone closes the listening socket for good the first time accept
 * fails for lack of descriptors.)
 */
class DescriptorLimitTest {
  @TempDir Path dir;

  @Test
  void aConnectionFloodUnderALowDescriptorLimitLeavesTheListenerAlive() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child =
        new ProcessBuilder(
                "bash",
                "-c",
                "ulimit -n 200 && exec \"$0\" -Xmx128m -cp \"$1\" \"$2\" \"$3\"",
                java,
                System.getProperty("java.class.path"),
                ServerChild.class.getName(),
                dir.toString())
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    List<Socket> flood = new ArrayList<>();
    try {
      BufferedReader lines =
          new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
      String[] started = lines.readLine().split(" ");
      int port = Integer.parseInt(started[0]);
      String token = started[1];
      RawClient good = RawClient.signedIn(port, token, "good-1");
      TestOps ops = new TestOps("good-1", "good", System.currentTimeMillis());

      for (int index = 0; index < 400; index++) {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        flood.add(socket);
        if (index % 50 == 0) {
          pushOne(good, ops);
        }
      }
      // Give the server time to take in (and refuse) what waits in its backlog.
      Thread.sleep(500);
      pushOne(good, ops);
      for (Socket socket : flood) {
        socket.close();
      }
      flood.clear();

      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      RawClient late = null;
      while (late == null) {
        try {
          late = RawClient.signedIn(port, token, "good-2");
        } catch (Exception | AssertionError notYet) {
          assertThat(System.nanoTime()).as("a new client connects again").isLessThan(deadline);
          Thread.sleep(200);
        }
      }
      pushOne(late, new TestOps("good-2", "good", System.currentTimeMillis()));
      assertThat(child.isAlive()).isTrue();
    } finally {
      for (Socket socket : flood) {
        socket.close();
      }
      child.getOutputStream().close();
      if (!child.waitFor(10, TimeUnit.SECONDS)) {
        child.destroyForcibly();
      }
    }
  }

  private static void pushOne(RawClient client, TestOps ops) throws Exception {
    client.send(new Message.Push(List.of(ops.createIssue("ENG", TestOps.newId(), "still here"))));
    assertThat(client.next(Message.Ack.class).results())
        .extracting(result -> result.outcome())
        .containsOnly(Outcome.APPLIED);
  }
}
