package io.adclick.stream;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.token.ImpressionId;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.hadoop.ParquetReader;
import org.apache.parquet.hadoop.api.ReadSupport;
import org.apache.parquet.hadoop.example.GroupReadSupport;
import org.apache.parquet.io.InputFile;
import org.apache.parquet.io.LocalInputFile;

/**
 * Reads an archive back the way a lake reader must: only committed part files (no hidden
 * in-progress or pending ones), each row with the folder it was found in.
 */
public final class ArchiveFiles {

  /** One archived row and the folder, relative to the lake, holding its file. */
  public record Row(String folder, LoggedClick logged) {}

  private ArchiveFiles() {}

  /** Committed part files under lake: visible names, no in-progress marker. */
  public static List<Path> committed(Path lake) {
    return files(lake).stream().filter(ArchiveFiles::isCommitted).toList();
  }

  /** Every regular file under lake, committed or not. */
  public static List<Path> files(Path lake) {
    if (!Files.isDirectory(lake)) {
      return List.of();
    }
    try (Stream<Path> walk = Files.walk(lake)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static boolean isCommitted(Path file) {
    String name = file.getFileName().toString();
    return !name.startsWith(".") && !name.contains("inprogress");
  }

  /** Every row of every committed file under lake. */
  public static List<Row> rows(Path lake) {
    List<Row> rows = new ArrayList<>();
    for (Path file : committed(lake)) {
      String folder = lake.relativize(file.getParent()).toString();
      for (LoggedClick logged : read(file)) {
        rows.add(new Row(folder, logged));
      }
    }
    return rows;
  }

  public static List<LoggedClick> read(Path file) {
    List<LoggedClick> out = new ArrayList<>();
    try (ParquetReader<Group> reader =
        new GroupReader(new LocalInputFile(file)).withCodecFactory(new ZstdPages()).build()) {
      for (Group row = reader.read(); row != null; row = reader.read()) {
        out.add(toLogged(row));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  private static LoggedClick toLogged(Group row) {
    ClickEvent click =
        new ClickEvent(
            row.getLong(ArchiveSchema.AD_ID, 0),
            row.getLong(ArchiveSchema.ADVERTISER_ID, 0),
            new ImpressionId(
                row.getLong(ArchiveSchema.IMPRESSION_HI, 0),
                row.getLong(ArchiveSchema.IMPRESSION_LO, 0)),
            row.getLong(ArchiveSchema.CLICK_TIME_MILLIS, 0),
            row.getLong(ArchiveSchema.ISSUED_AT_MILLIS, 0),
            row.getFieldRepetitionCount(ArchiveSchema.USER_KEY) == 0
                ? null
                : row.getString(ArchiveSchema.USER_KEY, 0),
            ClickKind.valueOf(row.getString(ArchiveSchema.KIND, 0)),
            row.getInteger(ArchiveSchema.SALT, 0));
    return new LoggedClick(
        click,
        row.getInteger(ArchiveSchema.KAFKA_PARTITION, 0),
        row.getLong(ArchiveSchema.KAFKA_OFFSET, 0));
  }

  private static final class GroupReader extends ParquetReader.Builder<Group> {
    GroupReader(InputFile file) {
      super(file, new PlainParquetConfiguration());
    }

    @Override
    protected ReadSupport<Group> getReadSupport() {
      return new GroupReadSupport();
    }
  }
}
