package io.adclick.store.clickhouse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ClickHouseEndpointTest {

  private static final Map<String, String> ENV =
      Map.of(
          ClickHouseEndpoint.USER_ENV, "env_user", ClickHouseEndpoint.PASSWORD_ENV, "env-secret");

  @Test
  void parsesHostPortAndDatabaseWithTheHttpPortAsDefault() {
    assertThat(ClickHouseEndpoint.parse("clickhouse://ch.internal:18123/adclick", Map.of()))
        .isEqualTo(new ClickHouseEndpoint("ch.internal", 18123, "adclick", null, null));
    assertThat(ClickHouseEndpoint.parse("clickhouse://ch.internal/adclick", Map.of()).port())
        .isEqualTo(8123);
  }

  @Test
  void credentialsComeFromTheUriElseFromTheEnvironment() {
    ClickHouseEndpoint fromEnv = ClickHouseEndpoint.parse("clickhouse://h:1/db", ENV);
    assertThat(fromEnv.user()).isEqualTo("env_user");
    assertThat(fromEnv.password()).isEqualTo("env-secret");

    ClickHouseEndpoint fromUri = ClickHouseEndpoint.parse("clickhouse://u:p%40ss@h:1/db", ENV);
    assertThat(fromUri.user()).isEqualTo("u");
    assertThat(fromUri.password()).isEqualTo("p@ss");
  }

  @Test
  void neverShowsThePassword() {
    ClickHouseEndpoint endpoint = ClickHouseEndpoint.parse("clickhouse://u:hunter2@h:1/db", ENV);
    assertThat(endpoint.toString()).isEqualTo("clickhouse://h:1/db");
    assertThat(endpoint.httpBase().toString()).isEqualTo("http://h:1/");
    assertThatThrownBy(() -> ClickHouseEndpoint.parse("clickhouse://u:hunter2@h:1/", ENV))
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void refusesUrisWithoutHostOrWithAnythingButOneDatabaseName() {
    for (String bad :
        new String[] {
          "clickhouse:///db",
          "clickhouse://h:1",
          "clickhouse://h:1/",
          "clickhouse://h:1/a/b",
          "clickhouse://h:1/db?x=1",
          "clickhouse://h:1/db%60x",
          "http://h:1/db",
          "clickhouse://h:1/db name"
        }) {
      assertThatThrownBy(() -> ClickHouseEndpoint.parse(bad, Map.of()))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class);
    }
  }
}
