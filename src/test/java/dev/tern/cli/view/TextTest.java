package dev.tern.cli.view;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TextTest {
  @Test
  void plainTextPassesUnchanged() {
    String text = "Crash on start (macOS) ü 😀 שלום مرحبا";
    assertThat(Text.printable(text, false)).isSameAs(text);
  }

  @Test
  void controlCharactersBecomeVisible() {
    assertThat(Text.printable("a\u001b[2Jb", false)).isEqualTo("a^[[2Jb");
    assertThat(Text.printable("cr\rdel\u007f", false)).isEqualTo("cr^Mdel^?");
    assertThat(Text.printable("c1\u009b31m\u0085", false)).isEqualTo("c1\ufffd31m\ufffd");
    assertThat(Text.printable("tab\there", false)).isEqualTo("tab here");
  }

  @Test
  void newlinesStayOnlyWhenAsked() {
    assertThat(Text.printable("one\ntwo", true)).isEqualTo("one\ntwo");
    assertThat(Text.printable("one\ntwo", false)).isEqualTo("one⏎two");
  }

  @Test
  void bidiControlsAreNeutralisedButRightToLeftLettersStay() {
    // "Trojan Source": a right-to-left override makes "admin" read as "nimda" and hides what
    // follows.
    String text = "ok \u202eadmin\u202c \u2066isolate\u2069 \u202a\u202b\u202d\u2067\u2068 שלום";
    String shown = Text.printable(text, false);
    assertThat(
            shown.chars().filter(c -> (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069)))
        .isEmpty();
    assertThat(shown)
        .isEqualTo("ok \ufffdadmin\ufffd \ufffdisolate\ufffd \ufffd\ufffd\ufffd\ufffd\ufffd שלום");
  }

  @Test
  void wrapBreaksAtSpacesByTerminalColumns() {
    assertThat(Text.wrap("short line", 40)).containsExactly("short line");
    assertThat(Text.wrap("one two three four", 9)).containsExactly("one two", "three", "four");
    assertThat(Text.wrap("漢字漢字漢字", 5)).containsExactly("漢字", "漢字", "漢字");
    assertThat(Text.wrap("abcdefghij", 4)).containsExactly("abcd", "efgh", "ij");
    for (String line : Text.wrap("🎉 party 🎉🎉🎉 with 漢字 and more words here", 8)) {
      assertThat(Text.width(line)).isLessThanOrEqualTo(8);
    }
  }

  @Test
  void padAndCutCountTerminalColumns() {
    // An emoji and a CJK character take two columns on a terminal.
    assertThat(Text.pad("😀", 3)).isEqualTo("😀 ");
    assertThat(Text.pad("漢", 4)).isEqualTo("漢  ");
    assertThat(Text.cut("😀😀😀😀", 5)).isEqualTo("😀😀…");
    assertThat(Text.cut("😀😀😀😀", 4)).isEqualTo("😀…");
    assertThat(Text.cut("abc", 3)).isEqualTo("abc");
    assertThat(Text.cut("abcd", 3)).isEqualTo("ab…");
  }
}
