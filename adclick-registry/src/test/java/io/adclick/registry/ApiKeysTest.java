package io.adclick.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class ApiKeysTest {

  private final SecureRandom random = new SecureRandom();

  @Test
  void newKeyIsPrefixedUrlSafeBase64Of32BytesWithoutPadding() {
    assertThat(ApiKeys.newKey(random)).matches("ak_[A-Za-z0-9_-]{43}");
  }

  @Test
  void twoNewKeysDiffer() {
    assertThat(ApiKeys.newKey(random)).isNotEqualTo(ApiKeys.newKey(random));
  }

  @Test
  void hashIsLowerCaseHexSha256OfTheUtf8Key() {
    assertThat(ApiKeys.hash("abc"))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    String key = ApiKeys.newKey(random);
    assertThat(ApiKeys.hash(key)).matches("[0-9a-f]{64}").isEqualTo(ApiKeys.hash(key));
  }
}
