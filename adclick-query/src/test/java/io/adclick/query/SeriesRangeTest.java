package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.time.Granularity;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SeriesRangeTest {
  private static ApiRequest query(String from, String to, String granularity) {
    Map<String, List<String>> q = new HashMap<>();
    if (from != null) {
      q.put("from", List.of(from));
    }
    if (to != null) {
      q.put("to", List.of(to));
    }
    if (granularity != null) {
      q.put("granularity", List.of(granularity));
    }
    return new ApiRequest("GET", "/", Map.of(), q, Map.of(), null);
  }

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void alignsBothEndsDown() {
    SeriesRange range =
        SeriesRange.parse(query("2026-11-24T10:15:30Z", "2026-11-24T12:59:59Z", "hour"));

    assertThat(range)
        .isEqualTo(
            new SeriesRange(
                Granularity.HOUR, at("2026-11-24T10:00:00Z"), at("2026-11-24T12:00:00Z")));
    assertThat(range.bucketCount()).isEqualTo(2);
  }

  @Test
  void defaultsToMinutesAndAcceptsOffsets() {
    SeriesRange range =
        SeriesRange.parse(query("2026-11-24T10:00:00+01:00", "2026-11-24T09:10:00Z", null));

    assertThat(range.granularity()).isEqualTo(Granularity.MINUTE);
    assertThat(range.from()).isEqualTo(at("2026-11-24T09:00:00Z"));
    assertThat(range.bucketCount()).isEqualTo(10);
  }

  @Test
  void namesTheBadParameter() {
    assertBad(query(null, "2026-11-24T09:10:00Z", null), "from");
    assertBad(query("2026-11-24T09:10:00Z", "soon", null), "to");
    assertBad(query("2026-11-24T09:10:00Z", "2026-11-24T09:10:30Z", null), "to");
    assertBad(query("2026-11-24T09:10:00Z", "2026-11-25T09:10:00Z", "weekly"), "granularity");
  }

  @Test
  void refusesMoreThanTenThousandBuckets() {
    assertThat(
            SeriesRange.parse(query("2026-01-01T00:00:00Z", "2026-01-07T22:40:00Z", "minute"))
                .bucketCount())
        .isEqualTo(SeriesRange.MAX_BUCKETS);
    assertThatThrownBy(
            () ->
                SeriesRange.parse(query("2026-01-01T00:00:00Z", "2026-01-07T22:41:00Z", "minute")))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'granularity'")
        .hasMessageContaining("coarser");
  }

  private static void assertBad(ApiRequest request, String parameter) {
    assertThatThrownBy(() -> SeriesRange.parse(request))
        .isInstanceOf(ApiException.class)
        .hasMessageContaining("'" + parameter + "'")
        .extracting(e -> ((ApiException) e).status())
        .isEqualTo(400);
  }
}
