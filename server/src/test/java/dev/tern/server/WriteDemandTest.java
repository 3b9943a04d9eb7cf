package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A frame whose write demand was lost still goes out. Java-WebSocket's selector thread, after
 * writing a connection's whole queue, sets the connection back to reading; a frame another thread
 * queued just before that reset stays queued with nobody asking to write it. The race is too narrow
 * to hit on purpose, so this test leaves a connection in the state it leaves behind: a frame queued
 * through a round that is never flushed.
 */
class WriteDemandTest {
  private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor();
  private Endpoint endpoint;

  @AfterEach
  void stop() throws Exception {
    endpoint.stop();
    timers.shutdownNow();
  }

  @Test
  void aFrameQueuedWithoutAWriteDemandIsWrittenWithinATendingPeriod() throws Exception {
    CompletableFuture<Session> opened = new CompletableFuture<>();
    endpoint =
        new Endpoint(
            ServerSettings.defaults().withAddress("127.0.0.1", 0),
            new Endpoint.Handler() {
              @Override
              public void opened(Session session) {
                opened.complete(session);
              }

              @Override
              public void received(Session session, String text) {}

              @Override
              public void released(Session session) {}
            },
            timers);
    endpoint.listen();
    BlockingQueue<String> received = new LinkedBlockingQueue<>();
    HttpClient.newHttpClient()
        .newWebSocketBuilder()
        .buildAsync(
            URI.create("ws://127.0.0.1:" + endpoint.port() + "/"),
            new WebSocket.Listener() {
              @Override
              public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                received.add(data.toString());
                socket.request(1);
                return null;
              }
            })
        .get(10, TimeUnit.SECONDS);
    Session session = opened.get(10, TimeUnit.SECONDS);

    endpoint.round().send(session, PreparedFrame.text("{\"type\":\"stranded\"}"));

    assertThat(received.poll(2, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"stranded\"}");
  }
}
