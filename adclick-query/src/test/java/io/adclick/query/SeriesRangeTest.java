package io.adclick.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.http.ApiException;
import io.adclick.http.ApiRequest;
import io.adclick.time.Granularity;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

class SeriesRangeTest {
  private static ApiRequest query(String from, String to, String granularity) {
    return query(from, to, granularity, null);
  }

  private static ApiRequest query(String from, String to, String granularity, String tz) {
    return Requests.get(null)
        .q("from", from)
        .q("to", to)
        .q("granularity", granularity)
        .q("tz", tz)
        .build();
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
                Granularity.HOUR,
                ZoneId.of("UTC"),
                List.of(
                    at("2026-11-24T10:00:00Z"),
                    at("2026-11-24T11:00:00Z"),
                    at("2026-11-24T12:00:00Z"))));
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
  void alignsToTheZonesDays() {
    SeriesRange range =
        SeriesRange.parse(
            query("2026-11-24T12:00:00Z", "2026-11-26T12:00:00Z", "day", "America/New_York"));

    assertThat(range.zone()).isEqualTo(ZoneId.of("America/New_York"));
    assertThat(range.from()).isEqualTo(at("2026-11-24T05:00:00Z"));
    assertThat(range.to()).isEqualTo(at("2026-11-26T05:00:00Z"));
  }

  @Test
  void namesTheBadParameter() {
    assertBad(query(null, "2026-11-24T09:10:00Z", null), "from");
    assertBad(query("2026-11-24T09:10:00Z", "soon", null), "to");
    assertBad(query("2026-11-24T09:10:00Z", "2026-11-24T09:10:30Z", null), "to");
    assertBad(query("2026-11-24T09:10:00Z", "2026-11-25T09:10:00Z", "weekly"), "granularity");
    assertBad(query("2026-11-24T09:10:00Z", "2026-11-25T09:10:00Z", "day", "Mars/Olympus"), "tz");
    assertBad(query("1969-12-31T00:00:00Z", "2026-11-25T09:10:00Z", "day"), "from");
    assertBad(query("2026-11-24T09:10:00Z", "+999999999-12-31T00:00:00Z", "day"), "to");
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
