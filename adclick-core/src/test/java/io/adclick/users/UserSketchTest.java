package io.adclick.users;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class UserSketchTest {

  private static long[] users(long from, long to) {
    return LongStream.range(from, to).map(i -> UserSketch.userHash("user-" + i)).toArray();
  }

  @Test
  void emptyHasNoUsersAndNoBytes() {
    assertThat(UserSketch.EMPTY.estimate()).isZero();
    assertThat(UserSketch.EMPTY.toBytes()).isEmpty();
    assertThat(UserSketch.of()).isSameAs(UserSketch.EMPTY);
    assertThat(UserSketch.fromBytes(new byte[0])).isSameAs(UserSketch.EMPTY);
  }

  @Test
  void countsSmallSetsExactlyAndIgnoresRepeats() {
    UserSketch sketch = UserSketch.of(users(0, 100)).plus(users(50, 150));
    assertThat(sketch.estimate()).isEqualTo(150);
  }

  @Test
  void sameKeyHashesAlikeAndDifferentKeysApart() {
    assertThat(UserSketch.userHash("alice")).isEqualTo(UserSketch.userHash("alice"));
    assertThat(UserSketch.userHash("alice")).isNotEqualTo(UserSketch.userHash("bob"));
  }

  @Test
  void unionOfOverlappingPartsCountsEachUserOnce() {
    UserSketch hour1 = UserSketch.of(users(0, 60_000));
    UserSketch hour2 = UserSketch.of(users(40_000, 100_000));
    long estimate = hour1.union(hour2).estimate();
    assertThat(estimate).isBetween(96_800L, 103_200L);
  }

  @Test
  void mergeOfManyEqualsPairwiseUnions() {
    List<UserSketch> parts = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      parts.add(UserSketch.of(users(i * 30L, i * 30L + 40)));
    }
    UserSketch pairwise = UserSketch.EMPTY;
    for (UserSketch part : parts) {
      pairwise = pairwise.union(part);
    }
    assertThat(UserSketch.merge(parts).estimate()).isEqualTo(310).isEqualTo(pairwise.estimate());
  }

  @Test
  void largeSetsStayWithinTheDocumentedBoundAndSize() {
    UserSketch sketch = UserSketch.of(users(0, 1_000_000));
    assertThat(sketch.estimate()).isBetween(968_000L, 1_032_000L);
    assertThat(sketch.sizeInBytes()).isLessThanOrEqualTo(2_100);
  }

  @Test
  void survivesItsStoredImage() {
    UserSketch sketch = UserSketch.of(users(0, 1_000));
    UserSketch back = UserSketch.fromBytes(sketch.toBytes());
    assertThat(back).isEqualTo(sketch);
    assertThat(back.estimate()).isEqualTo(sketch.estimate());
    byte[] value = new byte[8 + sketch.sizeInBytes()];
    System.arraycopy(sketch.toBytes(), 0, value, 8, sketch.sizeInBytes());
    assertThat(UserSketch.fromBytes(value, 8)).isEqualTo(sketch);
    assertThat(UserSketch.fromBytes(value, value.length)).isSameAs(UserSketch.EMPTY);
  }

  @Test
  void rejectsAnImageThatIsNotASketchWhenUsed() {
    UserSketch junk = UserSketch.fromBytes(new byte[] {1, 2, 3});
    assertThatThrownBy(junk::estimate)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("not a user sketch");
  }
}
