package dev.tern.op;

/**
 * A hybrid logical clock stamp: physical milliseconds, a counter for events within one millisecond
 * (or while the wall clock lags behind the clock), and the client id that breaks remaining ties.
 *
 * <p>The text form ({@code 0193a1b2c3d4-0000-<client>}) sorts the same way the stamps compare, so
 * stores can order by it as a plain string.
 */
public record Hlc(long millis, int counter, String clientId) implements Comparable<Hlc> {

  public Hlc {
    if (millis < 0 || counter < 0 || counter > 0xffff) {
      throw new IllegalArgumentException("bad clock stamp " + millis + "/" + counter);
    }
  }

  @Override
  public int compareTo(Hlc other) {
    int byMillis = Long.compare(millis, other.millis);
    if (byMillis != 0) {
      return byMillis;
    }
    int byCounter = Integer.compare(counter, other.counter);
    return byCounter != 0 ? byCounter : clientId.compareTo(other.clientId);
  }

  public String encode() {
    StringBuilder text = new StringBuilder(18 + clientId.length());
    hex(text, millis, 12);
    text.append('-');
    hex(text, counter, 4);
    return text.append('-').append(clientId).toString();
  }

  private static void hex(StringBuilder text, long value, int digits) {
    for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
      text.append(Character.forDigit((int) (value >>> shift) & 0xf, 16));
    }
  }

  public static Hlc decode(String text) {
    int first = text.indexOf('-');
    int second = text.indexOf('-', first + 1);
    if (first != 12 || second != 17) {
      throw new IllegalArgumentException("not a clock stamp: " + text);
    }
    return new Hlc(
        Long.parseLong(text.substring(0, first), 16),
        Integer.parseInt(text.substring(first + 1, second), 16),
        text.substring(second + 1));
  }

  @Override
  public String toString() {
    return encode();
  }
}
