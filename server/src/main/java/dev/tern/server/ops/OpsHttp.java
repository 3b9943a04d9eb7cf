package dev.tern.server.ops;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The operator's HTTP port, apart from the WebSocket port: {@code GET /healthz} answers 200 {@code
 * ok} while the server serves and 503 once it stops (shutting down, or its listener died); {@code
 * GET /metrics} answers the metrics in the Prometheus text format. Plain HTTP on the JDK's server:
 * bind it to loopback or a private network (see server/README.md).
 */
public final class OpsHttp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService threads;

  private OpsHttp(HttpServer server, ExecutorService threads) {
    this.server = server;
    this.threads = threads;
  }

  /**
   * Listens on {@code host} (null: every interface) and {@code port} (0: a free one). Throws
   * IllegalStateException when it cannot.
   */
  public static OpsHttp start(
      String host, int port, BooleanSupplier healthy, Supplier<String> metrics) {
    HttpServer server;
    try {
      server =
          HttpServer.create(
              host == null ? new InetSocketAddress(port) : new InetSocketAddress(host, port), 16);
    } catch (IOException e) {
      throw new IllegalStateException("cannot listen on HTTP port " + port + ": " + e.getMessage());
    }
    ExecutorService threads =
        Executors.newFixedThreadPool(
            2,
            runnable -> {
              Thread thread = new Thread(runnable, "tern-ops-http");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(threads);
    server.createContext(
        "/healthz",
        exchange -> {
          boolean up = healthy.getAsBoolean();
          answer(exchange, up ? 200 : 503, "text/plain; charset=utf-8", up ? "ok\n" : "stopping\n");
        });
    server.createContext(
        "/metrics",
        exchange ->
            answer(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.createContext(
        "/", exchange -> answer(exchange, 404, "text/plain; charset=utf-8", "not found\n"));
    server.start();
    return new OpsHttp(server, threads);
  }

  /** The port it listens on (the real one when started with port 0). */
  public int port() {
    return server.getAddress().getPort();
  }

  private static void answer(HttpExchange exchange, int status, String type, String body)
      throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean exact =
          exchange.getRequestURI().getPath().equals(exchange.getHttpContext().getPath());
      if (!exact && status != 404) {
        status = 404;
        body = "not found\n";
      } else if (!method.equals("GET") && !method.equals("HEAD")) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        status = 405;
        body = "only GET\n";
      }
      byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().set("Content-Type", type);
      if (method.equals("HEAD")) {
        exchange.sendResponseHeaders(status, -1);
        return;
      }
      exchange.sendResponseHeaders(status, bytes.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }

  /** Stops listening at once; a scrape in progress is cut off. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
