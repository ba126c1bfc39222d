package io.adclick.stream;

import static org.apache.parquet.schema.LogicalTypeAnnotation.stringType;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.BINARY;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT32;
import static org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName.INT64;

import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.Types;

/**
 * The archive's Parquet row: a {@link io.adclick.event.ClickEvent}'s fields and its Kafka position,
 * in snake case for SQL. Times stay epoch milliseconds (as in the log and the store) so a recount
 * computes minutes with integer division and no time zone can creep in; the impression id is its
 * two 64-bit halves, which group and join faster than a 32-character string.
 */
final class ArchiveSchema {

  static final String AD_ID = "ad_id";
  static final String ADVERTISER_ID = "advertiser_id";
  static final String IMPRESSION_HI = "impression_hi";
  static final String IMPRESSION_LO = "impression_lo";
  static final String CLICK_TIME_MILLIS = "click_time_millis";
  static final String ISSUED_AT_MILLIS = "issued_at_millis";
  static final String USER_KEY = "user_key";
  static final String KIND = "kind";
  static final String SALT = "salt";
  static final String KAFKA_PARTITION = "kafka_partition";
  static final String KAFKA_OFFSET = "kafka_offset";

  static final MessageType SCHEMA =
      Types.buildMessage()
          .required(INT64)
          .named(AD_ID)
          .required(INT64)
          .named(ADVERTISER_ID)
          .required(INT64)
          .named(IMPRESSION_HI)
          .required(INT64)
          .named(IMPRESSION_LO)
          .required(INT64)
          .named(CLICK_TIME_MILLIS)
          .required(INT64)
          .named(ISSUED_AT_MILLIS)
          .optional(BINARY)
          .as(stringType())
          .named(USER_KEY)
          .required(BINARY)
          .as(stringType())
          .named(KIND)
          .required(INT32)
          .named(SALT)
          .required(INT32)
          .named(KAFKA_PARTITION)
          .required(INT64)
          .named(KAFKA_OFFSET)
          .named("click");

  private ArchiveSchema() {}
}
