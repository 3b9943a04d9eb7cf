package dev.tern.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.server.ServerSettings;
import dev.tern.server.TernServer;
import dev.tern.server.store.JdbcServerStore;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Found from outside: a teammate's peer (a WebSocket client that is not tern's) creates an issue
 * whose parent is an issue nobody in the team holds. {@code tern edit ENG-1 --parent THAT} then
 * failed with exit 3, "no issue matches" an id the user never typed, because the loop check walked
 * up into the missing parent. It now stops there, and the edit goes through.
 */
class ForeignParentOutsideTest {
  @TempDir Path home;

  @Test
  void anIssueWhoseParentIsNotHeldCanStillBeMadeAParent() throws Exception {
    JdbcServerStore store = JdbcServerStore.open("sqlite:" + home.resolve("server.db"));
    store.addTeam("ENG", "Engineering");
    String aliceToken = store.addUser("alice", List.of("ENG"));
    String malloryToken = store.addUser("mallory", List.of("ENG"));
    TernServer server =
        TernServer.start(
            store,
            ServerSettings.defaults()
                .withAddress("127.0.0.1", 0)
                .withLog(new PrintStream(OutputStream.nullOutputStream())));
    try {
      String url = "ws://127.0.0.1:" + server.port();
      Cli cli = new Cli(home.resolve("alice"));
      Cli.Result login =
          cli.runWithInput(aliceToken, "login", url, "--token", "-", "--team", "ENG");
      assertThat(login.code()).as(login.err()).isZero();
      cli.ok("new", "child");
      cli.ok("sync");

      String hostile = UUID.randomUUID().toString();
      String answer =
          pushRaw(
              url,
              malloryToken,
              "{\"type\":\"push\",\"ops\":[{\"id\":\""
                  + UUID.randomUUID()
                  + "\",\"clientId\":\"mallory-1\",\"seq\":1,"
                  + "\"stamp\":\"0193a1b2c3d4-0000-mallory-1\",\"actor\":\"mallory\","
                  + "\"kind\":\"issue.create\",\"entity\":\""
                  + hostile
                  + "\",\"team\":\"ENG\",\"changes\":{\"title\":{\"value\":\"orphan\"},"
                  + "\"parent\":{\"value\":\""
                  + UUID.randomUUID()
                  + "\"}}}]}");
      assertThat(answer).contains("\"outcome\":\"applied\"");
      cli.ok("sync");

      Cli.Result edit = cli.run("edit", "ENG-1", "--parent", hostile.substring(0, 8));
      assertThat(edit.code()).as(edit.err()).isZero();
      assertThat(cli.ok("show", "ENG-1", "--json")).contains("\"parent\":\"" + hostile);
      Cli.Result loop = cli.run("edit", hostile.substring(0, 8), "--parent", "ENG-1");
      assertThat(loop.code()).isEqualTo(2);
      assertThat(loop.err()).contains("loop");
    } finally {
      server.shutdown();
      store.close();
    }
  }

  /** Says hello as a foreign client, sends {@code push}, returns the ack's text. */
  private static String pushRaw(String url, String token, String push) throws Exception {
    CompletableFuture<String> ack = new CompletableFuture<>();
    StringBuilder partial = new StringBuilder();
    WebSocket socket =
        HttpClient.newHttpClient()
            .newWebSocketBuilder()
            .buildAsync(
                URI.create(url),
                new WebSocket.Listener() {
                  @Override
                  public CompletionStage<?> onText(
                      WebSocket webSocket, CharSequence data, boolean last) {
                    partial.append(data);
                    if (last) {
                      String text = partial.toString();
                      partial.setLength(0);
                      if (text.contains("\"type\":\"ack\"")) {
                        ack.complete(text);
                      }
                    }
                    webSocket.request(1);
                    return null;
                  }
                })
            .get(5, TimeUnit.SECONDS);
    socket
        .sendText(
            "{\"type\":\"hello\",\"protocol\":1,\"token\":\""
                + token
                + "\",\"clientId\":\"mallory-1\",\"cursor\":0}",
            true)
        .get(5, TimeUnit.SECONDS);
    socket.sendText(push, true).get(5, TimeUnit.SECONDS);
    String answer = ack.get(10, TimeUnit.SECONDS);
    socket.abort();
    return answer;
  }
}
