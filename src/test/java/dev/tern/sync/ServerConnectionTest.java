package dev.tern.sync;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.Message;
import dev.tern.protocol.Protocol;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ServerConnection} against a real server on loopback. */
class ServerConnectionTest {
  @TempDir Path dir;
  SyncFixture fixture;

  @BeforeEach
  void start() {
    fixture = new SyncFixture(dir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  /** Threads of Java-WebSocket's ping timer now alive. */
  static long pingTimers() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(thread -> thread.getName().startsWith("connectionLostChecker"))
        .count();
  }

  @Test
  void aConnectionWithoutPingsStartsNoPingTimerAndStillCarriesMessages() {
    long before = pingTimers();
    try (ServerConnection connection =
        ServerConnection.open(fixture.url(), Duration.ofSeconds(5), Duration.ZERO)) {
      assertThat(pingTimers()).isEqualTo(before);
      connection.send(new Message.Hello(Protocol.PROTOCOL, "no such token", "client", 0));
      assertThat(connection.receive(Duration.ofSeconds(5)))
          .isInstanceOf(Message.ErrorMessage.class);
    }
  }

  @Test
  void aConnectionWithPingsStartsTheirTimer() {
    long before = pingTimers();
    try (ServerConnection connection =
        ServerConnection.open(fixture.url(), Duration.ofSeconds(5), Duration.ofSeconds(15))) {
      assertThat(pingTimers()).isEqualTo(before + 1);
    }
  }
}
