package io.adclick.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.token.ImpressionId;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ClickEventCodecTest {
  private static final ClickEvent CLICK =
      new ClickEvent(
          7,
          3,
          new ImpressionId(-1, 99),
          1_700_000_000_123L,
          1_700_000_000_000L,
          "ü-user",
          ClickKind.CANDIDATE);

  @Test
  void roundTripsEveryKind() {
    for (ClickKind kind : ClickKind.values()) {
      ClickEvent click = new ClickEvent(7, 3, CLICK.impressionId(), 5, 4, null, kind);
      assertThat(ClickEventCodec.decode(ClickEventCodec.encode(click))).isEqualTo(click);
    }
    assertThat(ClickEventCodec.decode(ClickEventCodec.encode(CLICK))).isEqualTo(CLICK);
  }

  @Test
  void refusesTruncatedAndUnknownVersions() {
    byte[] bytes = ClickEventCodec.encode(CLICK);
    byte[] wrongVersion = bytes.clone();
    wrongVersion[0] = 9;

    assertThatThrownBy(() -> ClickEventCodec.decode(Arrays.copyOf(bytes, bytes.length - 1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickEventCodec.decode(wrongVersion))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ClickEventCodec.decode(new byte[3]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void keysByAdBigEndian() {
    assertThat(ClickEventCodec.key(0x0102030405060708L)).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void roundTripsTheSaltAndKeysSaltedClicksByAdAndSalt() {
    ClickEvent salted = new ClickEvent(7, 3, CLICK.impressionId(), 5, 4, "u", CLICK.kind(), 63);
    assertThat(ClickEventCodec.decode(ClickEventCodec.encode(salted))).isEqualTo(salted);
    assertThat(ClickEventCodec.key(salted)).containsExactly(0, 0, 0, 0, 0, 0, 0, 7, 63);
    assertThat(ClickEventCodec.key(CLICK)).containsExactly(ClickEventCodec.key(7));
  }

  @Test
  void readsVersionOneRecordsAsUnsalted() {
    // Version 1 had no salt byte: the same layout without byte 50. Spools and logs written by an
    // older click service must still be read.
    byte[] v2 = ClickEventCodec.encode(CLICK);
    byte[] v1 = new byte[v2.length - 1];
    System.arraycopy(v2, 0, v1, 0, 50);
    System.arraycopy(v2, 51, v1, 50, v2.length - 51);
    v1[0] = 1;
    assertThat(ClickEventCodec.decode(v1)).isEqualTo(CLICK);
  }

  @Test
  void refusesASaltOutOfRange() {
    byte[] bytes = ClickEventCodec.encode(CLICK);
    bytes[50] = (byte) ClickEvent.MAX_SALTS;
    assertThatThrownBy(() -> ClickEventCodec.decode(bytes))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () -> new ClickEvent(1, 1, CLICK.impressionId(), 1, 1, null, CLICK.kind(), -1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
