package io.adclick.registry.postgresql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PostgresEndpointTest {

  private static final Map<String, String> NO_ENV = Map.of();

  @Test
  void theUsualFormGivesUserPasswordHostPortAndDatabase() {
    PostgresEndpoint e =
        PostgresEndpoint.parse("postgresql://ads:s3cret@db.internal:6432/registry", NO_ENV);

    assertThat(e)
        .isEqualTo(new PostgresEndpoint("db.internal", 6432, "registry", "ads", "s3cret", null));
    assertThat(e.jdbcUrl()).isEqualTo("jdbc:postgresql://db.internal:6432/registry");
  }

  @Test
  void jdbcAndShortSchemesAreTheSameEndpoint() {
    PostgresEndpoint plain = PostgresEndpoint.parse("postgresql://ads@db:5433/registry", NO_ENV);

    assertThat(PostgresEndpoint.parse("jdbc:postgresql://ads@db:5433/registry", NO_ENV))
        .isEqualTo(plain);
    assertThat(PostgresEndpoint.parse("postgres://ads@db:5433/registry", NO_ENV)).isEqualTo(plain);
  }

  @Test
  void thePortDefaultsTo5432AndUserAndPasswordMayBeAbsent() {
    PostgresEndpoint e = PostgresEndpoint.parse("postgresql://db/registry", NO_ENV);

    assertThat(e).isEqualTo(new PostgresEndpoint("db", 5432, "registry", null, null, null));
  }

  @Test
  void thePasswordComesFromTheEnvironmentWhenTheUriHasNone() {
    Map<String, String> env = Map.of(PostgresEndpoint.PASSWORD_ENV, "from-env");

    assertThat(PostgresEndpoint.parse("postgresql://ads@db/registry", env).password())
        .isEqualTo("from-env");
    assertThat(PostgresEndpoint.parse("postgresql://ads:in-uri@db/registry", env).password())
        .isEqualTo("in-uri");
  }

  @Test
  void percentEncodedCredentialsAreDecoded() {
    PostgresEndpoint e =
        PostgresEndpoint.parse("postgresql://ads:p%40ss%3Aword@db/registry", NO_ENV);

    assertThat(e.password()).isEqualTo("p@ss:word");
  }

  @Test
  void queryParametersGoToTheDriver() {
    PostgresEndpoint e =
        PostgresEndpoint.parse(
            "postgresql://ads@db/registry?sslmode=require&connectTimeout=3", NO_ENV);

    assertThat(e.jdbcUrl())
        .isEqualTo("jdbc:postgresql://db:5432/registry?sslmode=require&connectTimeout=3");
  }

  @Test
  void neitherTheNameNorTheUrlShowsThePassword() {
    PostgresEndpoint e = PostgresEndpoint.parse("postgresql://ads:s3cret@db/registry", NO_ENV);

    assertThat(e.toString()).isEqualTo("postgresql://db:5432/registry").doesNotContain("s3cret");
    assertThat(e.jdbcUrl()).doesNotContain("s3cret").doesNotContain("ads");
  }

  @Test
  void malformedUrisAreRefusedWithoutEchoingThem() {
    for (String bad :
        new String[] {
          "mysql://ads:s3cret@db/registry",
          "postgresql://ads:s3cret@/registry",
          "postgresql://ads:s3cret@db",
          "postgresql://ads:s3cret@db/",
          "postgresql://ads:s3cret@db/a/b",
          "postgresql://ads:s3cret@db/registry#x",
          "postgresql://db/registry?password=s3cret",
          "postgresql://ads:s3cret@db:port/registry"
        }) {
      assertThatThrownBy(() -> PostgresEndpoint.parse(bad, NO_ENV))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("postgresql://user[:password]@host[:port]/database")
          .hasMessageNotContaining("s3cret");
    }
  }
}
