package dev.tern.server.ops;

import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * A Prometheus histogram of durations in seconds with fixed buckets, from 0.5 ms to 10 s. Recording
 * is one atomic increment of the bucket the value falls in, from any thread; the buckets are summed
 * into Prometheus's cumulative form only when rendered.
 */
final class LatencyHistogram {
  /** Upper bounds in seconds, ascending; a last bucket, +Inf, takes the rest. */
  static final double[] BOUNDS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final String name;
  private final String help;
  private final AtomicLongArray counts = new AtomicLongArray(BOUNDS.length + 1);
  private final LongAdder sumNanos = new LongAdder();

  LatencyHistogram(String name, String help) {
    this.name = name;
    this.help = help;
  }

  void record(long nanos) {
    double seconds = nanos / 1e9;
    int bucket = 0;
    while (bucket < BOUNDS.length && seconds > BOUNDS[bucket]) {
      bucket++;
    }
    counts.incrementAndGet(bucket);
    sumNanos.add(nanos);
  }

  /** Appends the histogram in the Prometheus text format: cumulative buckets, sum and count. */
  void render(StringBuilder out) {
    out.append("# HELP ").append(name).append(' ').append(help).append('\n');
    out.append("# TYPE ").append(name).append(" histogram\n");
    long cumulative = 0;
    for (int index = 0; index < BOUNDS.length; index++) {
      cumulative += counts.get(index);
      out.append(name)
          .append("_bucket{le=\"")
          .append(bound(BOUNDS[index]))
          .append("\"} ")
          .append(cumulative)
          .append('\n');
    }
    cumulative += counts.get(BOUNDS.length);
    out.append(name).append("_bucket{le=\"+Inf\"} ").append(cumulative).append('\n');
    out.append(name)
        .append("_sum ")
        .append(String.format(Locale.ROOT, "%.6f", sumNanos.sum() / 1e9))
        .append('\n');
    out.append(name).append("_count ").append(cumulative).append('\n');
  }

  private static String bound(double seconds) {
    String text = String.format(Locale.ROOT, "%.4f", seconds);
    return text.replaceAll("0+$", "").replaceAll("\\.$", ".0");
  }
}
