package io.adclick.registry.rocksdb;

import static io.adclick.registry.rocksdb.RegistryDb.Column.ADS;
import static io.adclick.registry.rocksdb.RegistryDb.Column.ADS_BY_ADVERTISER;
import static io.adclick.registry.rocksdb.RegistryDb.Column.ADVERTISERS;
import static io.adclick.registry.rocksdb.RegistryDb.Column.ADVERTISER_BY_KEY_HASH;
import static io.adclick.registry.rocksdb.RegistryDb.Column.SEQUENCES;
import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import io.adclick.registry.Ad;
import io.adclick.registry.AdChange;
import io.adclick.registry.AdRegistry;
import io.adclick.registry.AdStatus;
import io.adclick.registry.Advertiser;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteBatch;

/**
 * {@link AdRegistry} in its own embedded RocksDB directory. Records are JSON; the API key hash and
 * (advertiserId, adId) pairs are indexed; ids come from durable sequences.
 *
 * <p>Creates and updates are serialized and synced to disk before returning. Registry writes are
 * rare, so a single writer is simpler than any finer scheme and costs nothing that matters.
 */
public final class RocksDbAdRegistry implements AdRegistry {

  private static final byte[] ADVERTISER_SEQUENCE = "advertiser".getBytes(UTF_8);
  private static final byte[] AD_SEQUENCE = "ad".getBytes(UTF_8);
  private static final byte[] NO_VALUE = new byte[0];

  private final RegistryDb db;
  private final Clock clock;

  /** Last ids handed out; guarded by {@code this}. */
  private long lastAdvertiserId;

  private long lastAdId;

  private RocksDbAdRegistry(RegistryDb db, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.lastAdvertiserId = db.use(d -> readSequence(d, ADVERTISER_SEQUENCE));
    this.lastAdId = db.use(d -> readSequence(d, AD_SEQUENCE));
  }

  /** Opens or creates the registry in {@code dir}, timestamping records with the UTC clock. */
  public static RocksDbAdRegistry open(Path dir) {
    return open(dir, Clock.systemUTC());
  }

  /**
   * Opens or creates the registry in {@code dir}.
   *
   * @param clock source of {@code createdAtMillis}
   * @throws java.io.UncheckedIOException if the directory cannot be opened, for example because it
   *     is already open
   */
  public static RocksDbAdRegistry open(Path dir, Clock clock) {
    requireNonNull(clock, "clock");
    RegistryDb db = RegistryDb.open(dir);
    try {
      return new RocksDbAdRegistry(db, clock);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IllegalArgumentException if another advertiser already has this API key hash
   */
  @Override
  public synchronized Advertiser createAdvertiser(String name, String apiKeyHash) {
    requireNonNull(name, "name");
    requireNonNull(apiKeyHash, "apiKeyHash");
    byte[] hashKey = apiKeyHash.getBytes(UTF_8);
    return db.use(
        d -> {
          if (d.get(ADVERTISER_BY_KEY_HASH, hashKey) != null) {
            throw new IllegalArgumentException("API key hash is already registered");
          }
          // Advanced before writing: if the write fails, the id is skipped rather than risk
          // reissuing one that might have reached disk.
          long id = ++lastAdvertiserId;
          Advertiser advertiser = new Advertiser(id, name, apiKeyHash, clock.millis());
          try (WriteBatch batch = new WriteBatch()) {
            d.put(batch, SEQUENCES, ADVERTISER_SEQUENCE, RegistryCodec.id(id));
            d.put(batch, ADVERTISERS, RegistryCodec.id(id), RegistryCodec.json(advertiser));
            d.put(batch, ADVERTISER_BY_KEY_HASH, hashKey, RegistryCodec.id(id));
            d.write(batch);
          }
          return advertiser;
        });
  }

  @Override
  public Optional<Advertiser> advertiser(long id) {
    return db.use(d -> decode(d.get(ADVERTISERS, RegistryCodec.id(id)), Advertiser.class));
  }

  @Override
  public Optional<Advertiser> advertiserByApiKeyHash(String apiKeyHash) {
    byte[] id = db.use(d -> d.get(ADVERTISER_BY_KEY_HASH, apiKeyHash.getBytes(UTF_8)));
    return id == null ? Optional.empty() : advertiser(RegistryCodec.id(id));
  }

  @Override
  public synchronized Ad createAd(long advertiserId, String name, String targetUrl) {
    requireNonNull(name, "name");
    requireNonNull(targetUrl, "targetUrl");
    return db.use(
        d -> {
          if (d.get(ADVERTISERS, RegistryCodec.id(advertiserId)) == null) {
            throw new IllegalArgumentException("no advertiser with id " + advertiserId);
          }
          long id = ++lastAdId;
          Ad ad = new Ad(id, advertiserId, name, targetUrl, AdStatus.ACTIVE, clock.millis());
          try (WriteBatch batch = new WriteBatch()) {
            d.put(batch, SEQUENCES, AD_SEQUENCE, RegistryCodec.id(id));
            d.put(batch, ADS, RegistryCodec.id(id), RegistryCodec.json(ad));
            d.put(batch, ADS_BY_ADVERTISER, RegistryCodec.pair(advertiserId, id), NO_VALUE);
            d.write(batch);
          }
          return ad;
        });
  }

  @Override
  public Optional<Ad> ad(long id) {
    return db.use(d -> decode(d.get(ADS, RegistryCodec.id(id)), Ad.class));
  }

  /**
   * {@inheritDoc}
   *
   * <p>Serialized with creates, so the read and the write of one change see no other change between
   * them.
   */
  @Override
  public synchronized Optional<Ad> updateAd(long adId, AdChange change) {
    requireNonNull(change, "change");
    return db.use(
        d -> {
          Optional<Ad> current = decode(d.get(ADS, RegistryCodec.id(adId)), Ad.class);
          if (current.isEmpty()) {
            return current;
          }
          Ad changed = change.applyTo(current.get());
          try (WriteBatch batch = new WriteBatch()) {
            d.put(batch, ADS, RegistryCodec.id(adId), RegistryCodec.json(changed));
            d.write(batch);
          }
          return Optional.of(changed);
        });
  }

  @Override
  public List<Ad> adsOf(long advertiserId) {
    return db.use(
        d -> {
          List<byte[]> adIds = new ArrayList<>();
          for (byte[] pair : d.keysWithPrefix(ADS_BY_ADVERTISER, RegistryCodec.id(advertiserId))) {
            adIds.add(RegistryCodec.id(RegistryCodec.second(pair)));
          }
          List<Ad> ads = new ArrayList<>(adIds.size());
          // Index and record are written in one batch, so every indexed ad exists.
          for (byte[] json : d.getAll(ADS, adIds)) {
            ads.add(RegistryCodec.fromJson(json, Ad.class));
          }
          return ads;
        });
  }

  /** Closes the database. Idempotent. */
  @Override
  public void close() {
    db.close();
  }

  private static long readSequence(RegistryDb d, byte[] name) throws RocksDBException {
    byte[] last = d.get(SEQUENCES, name);
    return last == null ? 0 : RegistryCodec.id(last);
  }

  private static <T> Optional<T> decode(byte[] json, Class<T> type) {
    return json == null ? Optional.empty() : Optional.of(RegistryCodec.fromJson(json, type));
  }
}
