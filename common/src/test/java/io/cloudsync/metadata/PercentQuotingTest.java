package io.cloudsync.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PercentQuotingTest {

  /** Expected values are Python 2 {@code urllib.quote(value.encode('utf-8'), safe='/')}. */
  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "plain                | plain",
      "a b                  | a%20b",
      "ünï ☯                | %C3%BCn%C3%AF%20%E2%98%AF",
      "~                    | %7E",
      "100%                 | 100%25",
      "%41                  | %2541",
      "a/b//c               | a/b//c",
      "a+b                  | a%2Bb",
      "x?y#z&=;:,@!$*()'    | x%3Fy%23z%26%3D%3B%3A%2C%40%21%24%2A%28%29%27",
      "😀                   | %F0%9F%98%80",
      "A-Z_a.z/0-9          | A-Z_a.z/0-9",
  })
  void quotesLikePython2(String value, String quoted) {
    assertThat(PercentQuoting.quote(value)).isEqualTo(quoted);
    assertThat(PercentQuoting.unquote(quoted)).isEqualTo(value);
  }

  @Test
  void quotesControlCharactersAndTabs() {
    assertThat(PercentQuoting.quote("a\tb\u0000")).isEqualTo("a%09b%00");
  }

  @Test
  void unquoteAcceptsLowerCaseHexAndKeepsPlus() {
    assertThat(PercentQuoting.unquote("%c3%bc+x")).isEqualTo("ü+x");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "100%",
      "50% off",
      "%zz",
      "%4",
      "%FF%FE",
      "%C3",
  })
  void keepsValuesThatAreNotValidQuotingAsTheyAre(String raw) {
    assertThat(PercentQuoting.tryUnquote(raw)).isEmpty();
    assertThat(PercentQuoting.unquote(raw)).isEqualTo(raw);
  }

  @Test
  void unquoteKeepsUnquotedNonAsciiText() {
    assertThat(PercentQuoting.unquote("ü%20☯😀")).isEqualTo("ü ☯😀");
  }
}
