package dev.tern.server;

import dev.tern.protocol.Protocol;
import java.io.PrintStream;
import java.time.Duration;
import javax.net.ssl.SSLContext;

/**
 * How a {@link TernServer} listens and which limits it enforces. Start from {@link #defaults()} and
 * change what a test or the command line needs.
 *
 * @param host address to bind; null for every interface
 * @param port TCP port; 0 picks a free one (see {@link TernServer#port()})
 * @param helloTimeout how long a connection may stay open without a good hello
 * @param handshakeTimeout how long a TCP connection may take to finish the WebSocket upgrade
 * @param maxHelloBytes largest frame or message accepted before a good hello (1009 past it)
 * @param maxFrameBytes largest frame, or message over continuation frames, accepted after the
 *     hello; larger ones close the connection with 1009
 * @param maxBatchOps most operations per push
 * @param maxPendingMessages messages of one connection waiting to be handled before it is closed
 * @param maxQueuedBytes bytes waiting to be written to one connection (acks, deltas, pull and
 *     snapshot replies alike) beyond which it is dropped as too slow (it reconnects and pulls what
 *     it missed); at least one largest frame
 * @param maxTotalQueuedBytes bytes waiting to be written to all connections together; past it, a
 *     connection that already has a backlog is dropped rather than given more
 * @param maxConnections open connections beyond which new ones are closed at once (1013)
 * @param keepOps log entries to keep; older ones are compacted away (0: keep the whole log)
 * @param ssl TLS context for wss, or null for plain ws
 * @param log where the server writes its one-line log messages
 */
public record ServerSettings(
    String host,
    int port,
    Duration helloTimeout,
    Duration handshakeTimeout,
    int maxHelloBytes,
    int maxFrameBytes,
    int maxBatchOps,
    int maxPendingMessages,
    int maxQueuedBytes,
    long maxTotalQueuedBytes,
    int maxConnections,
    long keepOps,
    SSLContext ssl,
    PrintStream log) {

  public static ServerSettings defaults() {
    return new ServerSettings(
        null,
        Protocol.DEFAULT_PORT,
        Duration.ofSeconds(10),
        Duration.ofSeconds(10),
        16 * 1024,
        Protocol.MAX_FRAME_BYTES,
        Protocol.MAX_BATCH_OPS,
        16,
        8 * 1024 * 1024,
        64L * 1024 * 1024,
        20_000,
        0,
        null,
        System.err);
  }

  public ServerSettings withAddress(String newHost, int newPort) {
    return new ServerSettings(
        newHost,
        newPort,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        maxConnections,
        keepOps,
        ssl,
        log);
  }

  public ServerSettings withTimeouts(Duration hello, Duration handshake) {
    return new ServerSettings(
        host,
        port,
        hello,
        handshake,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        maxConnections,
        keepOps,
        ssl,
        log);
  }

  public ServerSettings withMaxConnections(int newMaxConnections) {
    return new ServerSettings(
        host,
        port,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        newMaxConnections,
        keepOps,
        ssl,
        log);
  }

  public ServerSettings withKeepOps(long newKeepOps) {
    return new ServerSettings(
        host,
        port,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        maxConnections,
        newKeepOps,
        ssl,
        log);
  }

  public ServerSettings withSsl(SSLContext newSsl) {
    return new ServerSettings(
        host,
        port,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        maxConnections,
        keepOps,
        newSsl,
        log);
  }

  public ServerSettings withQueueLimits(int newMaxQueuedBytes, long newMaxTotalQueuedBytes) {
    return new ServerSettings(
        host,
        port,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        newMaxQueuedBytes,
        newMaxTotalQueuedBytes,
        maxConnections,
        keepOps,
        ssl,
        log);
  }

  public ServerSettings withLog(PrintStream newLog) {
    return new ServerSettings(
        host,
        port,
        helloTimeout,
        handshakeTimeout,
        maxHelloBytes,
        maxFrameBytes,
        maxBatchOps,
        maxPendingMessages,
        maxQueuedBytes,
        maxTotalQueuedBytes,
        maxConnections,
        keepOps,
        ssl,
        newLog);
  }
}
