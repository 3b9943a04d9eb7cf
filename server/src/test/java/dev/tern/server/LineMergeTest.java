package dev.tern.server;

import static org.assertj.core.api.Assertions.assertThat;

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
}
