package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FlinkAddressTest {

  @Test
  void readsHostAndPortWithOrWithoutAScheme() {
    assertThat(FlinkAddress.parse("jobmanager:8081"))
        .isEqualTo(new FlinkAddress("jobmanager", 8081));
    assertThat(FlinkAddress.parse("http://127.0.0.1:19120/"))
        .isEqualTo(new FlinkAddress("127.0.0.1", 19120));
  }

  @Test
  void refusesAnAddressWithoutAPort() {
    assertThatThrownBy(() -> FlinkAddress.parse("jobmanager"))
        .hasMessageContaining("--flink must be host:port");
    assertThatThrownBy(() -> FlinkAddress.parse("jobmanager:http"))
        .hasMessageContaining("port is not a number");
    assertThatThrownBy(() -> FlinkAddress.parse("jobmanager:0")).hasMessageContaining("1..65535");
  }
}
