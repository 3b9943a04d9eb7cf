package dev.tern.server.ops;

import dev.tern.op.Outcome;
import dev.tern.protocol.AckResult;
import dev.tern.protocol.ErrorCode;
import dev.tern.server.ServerObserver;
import dev.tern.server.TernServer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * The server's metrics, counted as it works and rendered in the Prometheus text format (version
 * 0.0.4) for {@code GET /metrics}. Every name and its meaning is listed in server/README.md.
 */
public final class Metrics implements ServerObserver {
  private final LongAdder batches = new LongAdder();
  private final LongAdder accepted = new LongAdder();
  private final Map<Outcome, LongAdder> outcomes = counters(Outcome.class);
  private final Map<ErrorCode, LongAdder> rejections = counters(ErrorCode.class);
  private final Map<ErrorCode, LongAdder> closes = counters(ErrorCode.class);
  private final LatencyHistogram pushLatency =
      new LatencyHistogram(
          "tern_push_seconds",
          "Time from a push batch's handling to its ack, waiting for the writer included.");
  private final LatencyHistogram fanOutLatency =
      new LatencyHistogram(
          "tern_fanout_seconds", "Time to fan one committed batch out to the held connections.");

  private volatile TernServer server;

  /** The server whose connections and queues are reported; until then they read 0. */
  public void watch(TernServer newServer) {
    this.server = newServer;
  }

  @Override
  public void pushed(java.util.List<AckResult> results, long nanos) {
    batches.increment();
    for (AckResult result : results) {
      if (result.outcome() == null) {
        continue;
      }
      outcomes.get(result.outcome()).increment();
      if (result.outcome().accepted()) {
        accepted.increment();
      }
      if (result.outcome() == Outcome.REJECTED && result.code() != null) {
        rejections.get(result.code()).increment();
      }
    }
    pushLatency.record(nanos);
  }

  @Override
  public void fannedOut(long nanos) {
    fanOutLatency.record(nanos);
  }

  @Override
  public void closedWithError(ErrorCode code) {
    closes.get(code).increment();
  }

  /** Operations that took a sync id since the server started. */
  public long opsAccepted() {
    return accepted.sum();
  }

  /** Every metric, in the Prometheus text format. */
  public String render() {
    TernServer watched = server;
    StringBuilder out = new StringBuilder(4096);
    gauge(
        out,
        "tern_connections",
        "Open WebSocket connections.",
        watched == null ? 0 : watched.connections());
    gauge(
        out,
        "tern_queued_bytes",
        "Bytes waiting to be written to all connections (acks, deltas, pages).",
        watched == null ? 0 : watched.queuedBytes());
    counter(
        out, "tern_push_batches_total", "Push batches committed and acknowledged.", batches.sum());
    counter(
        out,
        "tern_ops_accepted_total",
        "Operations that took a sync id (applied, merged or superseded).",
        accepted.sum());
    labelled(
        out,
        "tern_ops_total",
        "Pushed operations by outcome.",
        "outcome",
        outcomes,
        Outcome::wireName);
    labelled(
        out,
        "tern_ops_rejected_total",
        "Pushed operations refused, by error code.",
        "code",
        rejections,
        ErrorCode::wireName);
    labelled(
        out,
        "tern_errors_total",
        "Connections the server closed with an error, by error code.",
        "code",
        closes,
        ErrorCode::wireName);
    pushLatency.render(out);
    fanOutLatency.render(out);
    return out.toString();
  }

  private static void gauge(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "gauge");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static void counter(StringBuilder out, String name, String help, long value) {
    header(out, name, help, "counter");
    out.append(name).append(' ').append(value).append('\n');
  }

  private static <K extends Enum<K>> void labelled(
      StringBuilder out,
      String name,
      String help,
      String label,
      Map<K, LongAdder> counts,
      java.util.function.Function<K, String> labelValue) {
    header(out, name, help, "counter");
    // Every label value is listed, zeros included, so that rate() sees a series from its start.
    counts.forEach(
        (key, count) ->
            out.append(name)
                .append('{')
                .append(label)
                .append("=\"")
                .append(labelValue.apply(key))
                .append("\"} ")
                .append(count.sum())
                .append('\n'));
  }

  private static void header(StringBuilder out, String name, String help, String type) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  private static <K extends Enum<K>> Map<K, LongAdder> counters(Class<K> type) {
    Map<K, LongAdder> counters = new EnumMap<>(type);
    for (K key : type.getEnumConstants()) {
      counters.put(key, new LongAdder());
    }
    return counters;
  }
}
