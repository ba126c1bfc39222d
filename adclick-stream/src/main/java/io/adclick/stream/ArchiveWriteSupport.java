package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/**
 * Writes a {@link LoggedClick} as one {@link ArchiveSchema} row, field by field: no Avro or other
 * intermediate record per click.
 */
final class ArchiveWriteSupport extends WriteSupport<LoggedClick> {

  private static final Map<ClickKind, Binary> KIND_NAMES = kindNames();

  private RecordConsumer out;

  @Override
  public WriteContext init(Configuration configuration) {
    return context();
  }

  @Override
  public WriteContext init(ParquetConfiguration configuration) {
    return context();
  }

  private static WriteContext context() {
    return new WriteContext(ArchiveSchema.SCHEMA, Map.of("adclick.archive.version", "1"));
  }

  @Override
  public void prepareForWrite(RecordConsumer recordConsumer) {
    this.out = recordConsumer;
  }

  @Override
  public void write(LoggedClick logged) {
    ClickEvent click = logged.click();
    out.startMessage();
    int field = 0;
    putLong(ArchiveSchema.AD_ID, field++, click.adId());
    putLong(ArchiveSchema.ADVERTISER_ID, field++, click.advertiserId());
    putLong(ArchiveSchema.IMPRESSION_HI, field++, click.impressionId().hi());
    putLong(ArchiveSchema.IMPRESSION_LO, field++, click.impressionId().lo());
    putLong(ArchiveSchema.CLICK_TIME_MILLIS, field++, click.clickTimeMillis());
    putLong(ArchiveSchema.ISSUED_AT_MILLIS, field++, click.issuedAtMillis());
    if (click.userKey() != null) { // optional: an absent field is null
      putBinary(ArchiveSchema.USER_KEY, field, Binary.fromString(click.userKey()));
    }
    field++;
    putBinary(ArchiveSchema.KIND, field++, KIND_NAMES.get(click.kind()));
    putInt(ArchiveSchema.SALT, field++, click.salt());
    putInt(ArchiveSchema.KAFKA_PARTITION, field++, logged.partition());
    putLong(ArchiveSchema.KAFKA_OFFSET, field, logged.offset());
    out.endMessage();
  }

  private void putLong(String name, int index, long value) {
    out.startField(name, index);
    out.addLong(value);
    out.endField(name, index);
  }

  private void putInt(String name, int index, int value) {
    out.startField(name, index);
    out.addInteger(value);
    out.endField(name, index);
  }

  private void putBinary(String name, int index, Binary value) {
    out.startField(name, index);
    out.addBinary(value);
    out.endField(name, index);
  }

  private static Map<ClickKind, Binary> kindNames() {
    Map<ClickKind, Binary> names = new EnumMap<>(ClickKind.class);
    for (ClickKind kind : ClickKind.values()) {
      names.put(kind, Binary.fromConstantByteArray(kind.name().getBytes(StandardCharsets.UTF_8)));
    }
    return names;
  }
}
