package dev.tern.replica;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MarkedMergeTest {
  @Test
  void editsApartMergeWithoutMarkers() {
    assertThat(MarkedMerge.merge("a\nb\nc\nd", "A\nb\nc\nd", "a\nb\nc\nD", "t", "m"))
        .isEqualTo("A\nb\nc\nD");
  }

  @Test
  void overlappingEditsAreMarkedAndTheWinnersOtherLinesSurvive() {
    String merged =
        MarkedMerge.merge("a\nb\nc\nd\ne", "A\nb\nX\nd\ne", "a\nb\nY\nd\ne", "theirs", "mine");
    assertThat(merged)
        .isEqualTo("A\nb\n<<<<<<< theirs\nX\n||||||| base\nc\n=======\nY\n>>>>>>> mine\nd\ne");
    assertThat(MarkedMerge.firstMarker(merged)).isEqualTo(3);
    assertThat(MarkedMerge.firstMarker("A\nb\nY\nd\ne")).isZero();
  }

  @Test
  void theSameEditOnBothSidesIsTakenOnce() {
    assertThat(MarkedMerge.merge("a\nb", "a\nB", "a\nB", "t", "m")).isEqualTo("a\nB");
  }
}
