package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.ErrorCode;
import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.JdbcServerStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Guessing tokens is slow, and a flood of bad hellos does not fill the log. */
class RefusedHelloTest {
  @TempDir Path dir;

  @Test
  void refusedHellosSlowTheirAddressDownAndAreLoggedInSummary() throws Exception {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    try (JdbcServerStore store = JdbcServerStore.openSqlite(dir.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      String token = store.addUser("alice", List.of("ENG"));
      TernServer server =
          TernServer.start(
              store,
              ServerSettings.defaults()
                  .withAddress("127.0.0.1", 0)
                  .withLog(new PrintStream(log, true, StandardCharsets.UTF_8)));
      try {
        long[] answered = new long[6];
        for (int attempt = 0; attempt < answered.length; attempt++) {
          RawClient guess = RawClient.connect(server.port());
          long started = System.nanoTime();
          guess.send(
              new Message.Hello(Protocol.PROTOCOL, "tern_guess" + attempt, "g-" + attempt, 0));
          Message.ErrorMessage error = guess.next(Message.ErrorMessage.class);
          answered[attempt] = System.nanoTime() - started;
          assertThat(error.code()).isEqualTo(ErrorCode.UNAUTHORIZED);
          guess.close();
        }
        // 50 ms after the first refusal, doubling: the sixth waits 800 ms.
        assertThat(Duration.ofNanos(answered[5])).isGreaterThan(Duration.ofMillis(600));
        assertThat(Duration.ofNanos(answered[5])).isLessThan(Duration.ofMillis(4_000));

        // The right token still gets in (after its wait).
        RawClient.signedIn(server.port(), token, "alice-1").close();

        String written = log.toString(StandardCharsets.UTF_8);
        assertThat(written.lines().filter(line -> line.contains("unauthorized"))).isEmpty();
        assertThat(written.lines().filter(line -> line.contains("refused"))).hasSizeLessThan(3);
      } finally {
        server.shutdown();
      }
    }
  }
}
