package io.adclick.stream;

import java.time.Duration;
import java.util.Objects;
import org.apache.flink.util.ParameterTool;
import org.apache.flink.util.TimeUtils;

/**
 * What the aggregation job needs to know about its surroundings and its timing.
 *
 * @param lakeUri where every click read is archived as Parquet: any Flink filesystem path or URI
 *     ({@code file:///data/lake}, {@code s3://bucket/prefix} with Flink's S3 plugin)
 * @param flushInterval how often partial (running) totals of open buckets are written
 * @param maxOutOfOrderness how far a click may trail the newest click of its partition
 * @param allowedLateness how long after a bucket's end it becomes final
 * @param correctionHorizon how long after a bucket's end a click arriving late (e.g. replayed from
 *     a click service's spool after a Kafka outage) still corrects it; later clicks go to the late
 *     output for reconciliation. Bounds how long closed buckets stay in state.
 * @param idleTimeout after this much quiet on a partition, its watermark follows the clock
 * @param tokenLifetime how long an impression token is valid: bounds the dedup state
 */
public record JobSettings(
    String bootstrapServers,
    String topic,
    String consumerGroup,
    String storeUri,
    String lakeUri,
    Duration flushInterval,
    Duration maxOutOfOrderness,
    Duration allowedLateness,
    Duration correctionHorizon,
    Duration idleTimeout,
    Duration tokenLifetime) {

  public static final String DEFAULT_TOPIC = "clicks";
  public static final String DEFAULT_GROUP = "adclick-aggregation";
  public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofSeconds(5);
  public static final Duration DEFAULT_MAX_OUT_OF_ORDERNESS = Duration.ofSeconds(2);
  public static final Duration DEFAULT_ALLOWED_LATENESS = Duration.ofSeconds(5);
  // A click replayed from a click service's spool after an outage of up to an hour still lands in
  // its own minute. Costs state: per ad with clicks in the last hour, up to 60 minute buckets.
  public static final Duration DEFAULT_CORRECTION_HORIZON = Duration.ofHours(1);
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(3);
  public static final Duration DEFAULT_TOKEN_LIFETIME = Duration.ofHours(24);

  public JobSettings {
    requireText(bootstrapServers, "bootstrapServers");
    requireText(topic, "topic");
    requireText(consumerGroup, "consumerGroup");
    requireText(storeUri, "storeUri");
    requireText(lakeUri, "lakeUri");
    requirePositive(flushInterval, "flushInterval");
    requireNotNegative(maxOutOfOrderness, "maxOutOfOrderness");
    requireNotNegative(allowedLateness, "allowedLateness");
    requireNotNegative(correctionHorizon, "correctionHorizon");
    if (correctionHorizon != null
        && allowedLateness != null
        && correctionHorizon.compareTo(allowedLateness) < 0) {
      throw new IllegalArgumentException(
          "correctionHorizon must not be shorter than allowedLateness");
    }
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(tokenLifetime, "tokenLifetime");
  }

  /**
   * Where clicks past their correction horizon are kept for reconciliation: the clicks topic's name
   * with {@code -late} appended.
   */
  public String lateTopic() {
    return lateTopicOf(topic);
  }

  public static String lateTopicOf(String clicksTopic) {
    return clicksTopic + "-late";
  }

  public static JobSettings defaults(String bootstrapServers, String storeUri, String lakeUri) {
    return new JobSettings(
        bootstrapServers,
        DEFAULT_TOPIC,
        DEFAULT_GROUP,
        storeUri,
        lakeUri,
        DEFAULT_FLUSH_INTERVAL,
        DEFAULT_MAX_OUT_OF_ORDERNESS,
        DEFAULT_ALLOWED_LATENESS,
        DEFAULT_CORRECTION_HORIZON,
        DEFAULT_IDLE_TIMEOUT,
        DEFAULT_TOKEN_LIFETIME);
  }

  /**
   * Reads {@code --bootstrap host:port --store rocksdb:/path --lake s3://bucket/lake} (all
   * required) and optionally {@code --topic}, {@code --group}, {@code --flush-interval}, {@code
   * --max-out-of-orderness}, {@code --allowed-lateness}, {@code --idle-timeout}, {@code
   * --token-lifetime}; durations as Flink writes them, e.g. {@code 5s}, {@code 500ms}, {@code 24h}.
   *
   * @throws IllegalArgumentException if a required argument is missing or a value is malformed
   */
  public static JobSettings fromArgs(String[] args) {
    ParameterTool params = ParameterTool.fromArgs(args);
    return new JobSettings(
        required(params, "bootstrap"),
        params.get("topic", DEFAULT_TOPIC),
        params.get("group", DEFAULT_GROUP),
        required(params, "store"),
        required(params, "lake"),
        duration(params, "flush-interval", DEFAULT_FLUSH_INTERVAL),
        duration(params, "max-out-of-orderness", DEFAULT_MAX_OUT_OF_ORDERNESS),
        duration(params, "allowed-lateness", DEFAULT_ALLOWED_LATENESS),
        duration(params, "correction-horizon", DEFAULT_CORRECTION_HORIZON),
        duration(params, "idle-timeout", DEFAULT_IDLE_TIMEOUT),
        duration(params, "token-lifetime", DEFAULT_TOKEN_LIFETIME));
  }

  private static String required(ParameterTool params, String name) {
    String value = params.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException("missing required argument --" + name);
    }
    return value;
  }

  private static Duration duration(ParameterTool params, String name, Duration fallback) {
    String value = params.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      return TimeUtils.parseDuration(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--" + name + ": " + e.getMessage(), e);
    }
  }

  private static void requireText(String value, String name) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " must not be blank");
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isZero() || value.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }

  private static void requireNotNegative(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative");
    }
  }
}
