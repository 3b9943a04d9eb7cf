package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tern.protocol.Message;
import dev.tern.protocol.MessageCodec;
import dev.tern.protocol.Protocol;
import dev.tern.server.store.JdbcServerStore;
import dev.tern.server.store.ServerStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** wss: a server with a key store made by keytool, a client that trusts that certificate. */
class TlsTest {
  @TempDir Path directory;

  @Test
  void helloWorksOverWss() throws Exception {
    Path keyStore = directory.resolve("server.p12");
    Process keytool =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-keystore",
                keyStore.toString(),
                "-storetype",
                "PKCS12",
                "-storepass",
                "secret",
                "-alias",
                "tern",
                "-keyalg",
                "EC",
                "-validity",
                "2",
                "-dname",
                "CN=localhost",
                "-ext",
                "SAN=dns:localhost,ip:127.0.0.1")
            .redirectErrorStream(true)
            .start();
    try (InputStream output = keytool.getInputStream()) {
      output.transferTo(OutputStream.nullOutputStream());
    }
    assertThat(keytool.waitFor()).isZero();

    try (ServerStore store = JdbcServerStore.open("sqlite:" + directory.resolve("server.db"))) {
      store.addTeam("ENG", "Engineering");
      String token = store.addUser("alice", List.of("ENG"));
      TernServer server =
          TernServer.start(
              store,
              ServerSettings.defaults()
                  .withAddress("127.0.0.1", 0)
                  .withSsl(TlsContext.fromKeyStore(keyStore, "secret".toCharArray()))
                  .withLog(new PrintStream(OutputStream.nullOutputStream())));
      try {
        KeyStore trusted = KeyStore.getInstance(keyStore.toFile(), "secret".toCharArray());
        TrustManagerFactory trust =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(trusted);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket =
            HttpClient.newBuilder()
                .sslContext(context)
                .build()
                .newWebSocketBuilder()
                .buildAsync(
                    URI.create("wss://localhost:" + server.port() + "/"),
                    new WebSocket.Listener() {
                      @Override
                      public CompletionStage<?> onText(
                          WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                      }
                    })
                .get(5, TimeUnit.SECONDS);
        socket.sendText(
            MessageCodec.write(new Message.Hello(Protocol.PROTOCOL, token, "alice-1", 0)), true);
        Message answer = MessageCodec.readFromServer(first.get(5, TimeUnit.SECONDS));
        assertThat(answer).isInstanceOf(Message.Welcome.class);
        socket.abort();
      } finally {
        server.shutdown();
      }
    }
  }
}
