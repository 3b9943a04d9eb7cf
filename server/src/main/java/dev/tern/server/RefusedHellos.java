package dev.tern.server;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * Refused hellos (an unknown token, a client id of another user) by address: each one makes the
 * next hello from that address wait a little longer, so guessing tokens is slow; and they are
 * logged in summary, the first of a quiet spell at once and the rest once per {@link
 * #SUMMARY_MILLIS}, so that a flood cannot fill the log.
 *
 * <p>The wait starts at {@link #FIRST_DELAY_MILLIS} and doubles with each refusal up to {@link
 * #MAX_DELAY_MILLIS}; it applies to every hello from the address, good or bad, and is forgotten
 * after {@link #FORGET_MILLIS} without a refusal. At most {@link #MAX_ADDRESSES} addresses are
 * tracked; past that, new ones share one record. Thread-safe.
 */
final class RefusedHellos {
  static final long FIRST_DELAY_MILLIS = 50;
  static final long MAX_DELAY_MILLIS = 5_000;
  static final long FORGET_MILLIS = 60_000;
  static final long SUMMARY_MILLIS = 10_000;
  static final int MAX_ADDRESSES = 10_000;

  /** One address's refusals: how many in a row, when the last was, when it may try again. */
  private static final class Strikes {
    int count;
    long last;
    long notBefore;
  }

  private final Map<InetAddress, Strikes> byAddress = new HashMap<>();
  private final Strikes overflow = new Strikes();
  private final Map<InetAddress, Integer> sinceSummary = new HashMap<>();
  private int refusedSinceSummary;
  private long lastSummary;
  private final Endpoint endpoint;

  RefusedHellos(Endpoint endpoint) {
    this.endpoint = endpoint;
  }

  /** How long a hello from this address must wait before it is checked, in ms (0: at once). */
  synchronized long delayFor(InetSocketAddress remote, long nowMillis) {
    Strikes strikes = find(remote, false, nowMillis);
    if (strikes == null) {
      return 0;
    }
    long start = Math.max(nowMillis, strikes.notBefore);
    // The next hello from the address queues behind this one: however many connections it opens,
    // its hellos are checked one per delay.
    strikes.notBefore = start + delay(strikes.count);
    return start - nowMillis;
  }

  /** Counts a refusal: the address waits longer next time; the log hears of it in summary. */
  synchronized void refused(InetSocketAddress remote, String reason, long nowMillis) {
    Strikes strikes = find(remote, true, nowMillis);
    strikes.count++;
    strikes.last = nowMillis;
    strikes.notBefore = Math.max(strikes.notBefore, nowMillis + delay(strikes.count));
    InetAddress address = remote == null ? null : remote.getAddress();
    if (refusedSinceSummary == 0 && nowMillis - lastSummary >= SUMMARY_MILLIS) {
      // The first refusal after a quiet spell is logged as it happens.
      endpoint.log("refused a hello from " + address + ": " + reason);
      lastSummary = nowMillis;
      return;
    }
    refusedSinceSummary++;
    if (address != null && (sinceSummary.size() < 1000 || sinceSummary.containsKey(address))) {
      sinceSummary.merge(address, 1, Integer::sum);
    }
  }

  /** Logs the refusals since the last summary, if any, and forgets quiet addresses. */
  synchronized void summarise(long nowMillis) {
    if (refusedSinceSummary > 0 && nowMillis - lastSummary >= SUMMARY_MILLIS) {
      Map.Entry<InetAddress, Integer> most =
          sinceSummary.entrySet().stream().max(Map.Entry.comparingByValue()).orElse(null);
      endpoint.log(
          "refused "
              + refusedSinceSummary
              + " more hello(s) in the last "
              + (nowMillis - lastSummary) / 1000
              + " s from "
              + sinceSummary.size()
              + " address(es)"
              + (most == null
                  ? ""
                  : "; most from " + most.getKey() + " (" + most.getValue() + ")"));
      refusedSinceSummary = 0;
      sinceSummary.clear();
      lastSummary = nowMillis;
    }
    byAddress.values().removeIf(strikes -> nowMillis - strikes.last > FORGET_MILLIS);
    if (nowMillis - overflow.last > FORGET_MILLIS) {
      overflow.count = 0;
    }
  }

  private static long delay(int count) {
    return count == 0
        ? 0
        : Math.min(MAX_DELAY_MILLIS, FIRST_DELAY_MILLIS << Math.min(20, count - 1));
  }

  private Strikes find(InetSocketAddress remote, boolean create, long nowMillis) {
    InetAddress address = remote == null ? null : remote.getAddress();
    Strikes strikes = address == null ? overflow : byAddress.get(address);
    if (strikes == null && create) {
      if (byAddress.size() >= MAX_ADDRESSES) {
        strikes = overflow;
      } else {
        strikes = new Strikes();
        byAddress.put(address, strikes);
      }
    }
    if (strikes != null && strikes.count > 0 && nowMillis - strikes.last > FORGET_MILLIS) {
      strikes.count = 0;
      strikes.notBefore = 0;
    }
    if (strikes == overflow && overflow.count == 0 && !create) {
      return null;
    }
    return strikes;
  }
}
