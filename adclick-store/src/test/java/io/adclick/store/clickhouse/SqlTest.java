package io.adclick.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SqlTest {

  @Test
  void placesLongsInOrderAndParenthesizesNegatives() {
    assertThat(Sql.render("a = ? AND b - ? < ?", 7, -5, Long.MIN_VALUE))
        .isEqualTo("a = 7 AND b - (-5) < (-9223372036854775808)");
    assertThat(Sql.render("x < ?", Long.MAX_VALUE)).isEqualTo("x < 9223372036854775807");
    assertThat(Sql.render("SELECT 1")).isEqualTo("SELECT 1");
  }

  @Test
  void refusesTemplatesWhosePlaceholdersDoNotMatchTheValues() {
    assertThatThrownBy(() -> Sql.render("a = ? AND b = ?", 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Sql.render("a = ?", 1, 2))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void identifiersAreLettersDigitsAndUnderscoresOnly() {
    assertThat(Sql.identifier("adclick_prod1")).isEqualTo("`adclick_prod1`");
    for (String bad :
        new String[] {
          "", "1db", "a`b", "a b", "db;DROP", "a'b", "a\"b", "a.b", "a-b", "ä", "x".repeat(65)
        }) {
      assertThatThrownBy(() -> Sql.identifier(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThatThrownBy(() -> Sql.identifier(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
