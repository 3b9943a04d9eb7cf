package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LineMergeTest {
  @Test
  void editsFarApartMerge() {
    assertThat(LineMerge.merge("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nD")).contains("A\nb\nc\nD");
  }

  @Test
  void anInsertAndADeleteElsewhereMerge() {
    assertThat(LineMerge.merge("a\nb\nc\nd\ne", "a\nnew\nb\nc\nd\ne", "a\nb\nc\nd"))
        .contains("a\nnew\nb\nc\nd");
  }

  @Test
  void overlappingOrAdjacentEditsDoNotMerge() {
    assertThat(LineMerge.merge("a\nb\nc", "a\nX\nc", "a\nY\nc")).isEmpty();
    assertThat(LineMerge.merge("a\nb\nc", "A\nb\nc", "a\nB\nc")).isEmpty();
  }

  @Test
  void theSameEditOnBothSidesIsTakenOnce() {
    assertThat(LineMerge.merge("a\nb\nc\nd", "a\nB\nc\nd", "a\nB\nc\nD")).contains("a\nB\nc\nD");
  }

  @Test
  void nullCountsAsEmptyAndTrailingNewlinesSurvive() {
    assertThat(LineMerge.merge(null, "", "x\n")).contains("x\n");
    assertThat(LineMerge.merge("a\n\nb\n", "a\n\nB\n", "A\n\nb\n")).contains("A\n\nB\n");
  }

  @Test
  void fortyThousandChangedLinesOnBothSidesGiveUpQuickly() {
    // Quadratic before the budget: 54 s for this on the development machine.
    String base = numbered("line", 40_000);
    long started = System.nanoTime();
    assertThat(LineMerge.merge(base, numbered("ours", 40_000), numbered("theirs", 40_000)))
        .isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
  }

  @Test
  void smallEditsInALongTextStillMergeQuickly() {
    String base = numbered("line", 40_000);
    String ours = base.replace("line 10\n", "ours 10\n").replace("line 20000\n", "ours 20000\n");
    String theirs = base.replace("line 30000\n", "theirs\nand more\n") + "\nappended";
    long started = System.nanoTime();
    String merged = LineMerge.merge(base, ours, theirs).orElseThrow();
    assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
    assertThat(merged)
        .contains("ours 10\n", "ours 20000\n", "theirs\nand more\n")
        .endsWith("\nappended")
        .doesNotContain("line 30000\n");
  }

  @Test
  void aRewriteOfManyLinesOnOneSideIsNotMergedButAFewHundredAre() {
    String base = numbered("line", 10_000);
    String far = base + "\nlast";
    // Every other line changed: thousands of differences, past the budget.
    String rewritten =
        IntStream.range(0, 10_000)
            .mapToObj(index -> index % 2 == 0 ? "new " + index : "line " + index)
            .collect(Collectors.joining("\n"));
    assertThat(LineMerge.merge(base, rewritten, far)).isEmpty();
    String someChanged =
        IntStream.range(0, 10_000)
            .mapToObj(index -> index % 50 == 0 ? "new " + index : "line " + index)
            .collect(Collectors.joining("\n"));
    assertThat(LineMerge.merge(base, someChanged, far)).contains(someChanged + "\nlast");
  }

  private static String numbered(String word, int count) {
    return IntStream.range(0, count)
        .mapToObj(index -> word + " " + index)
        .collect(Collectors.joining("\n"));
  }
}
