package io.adclick.bench.store;

import static java.nio.charset.StandardCharsets.UTF_8;

import io.adclick.registry.AdRegistry;
import io.adclick.registry.Advertiser;
import io.adclick.registry.ApiKeys;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The advertisers the query benchmark asks about: created in the registry with an API key and all
 * their ads, and written to a file with each ad's expected day total so the benchmark can check the
 * answers it times.
 */
final class Probes {

  /** One probed advertiser: its key, id, and for each ad the registry id and expected clicks. */
  record Probe(String apiKey, long advertiserId, long[] adIds, long[] dayTotals) {}

  private Probes() {}

  /** A probed advertiser as registered: its index in the population and its API key. */
  record Registered(int advertiser, String apiKey) {}

  /** Picks {@code count} advertisers at random and registers them and all their ads. */
  static List<Registered> register(
      AdRegistry registry, Population population, int count, SplittableRandom random) {
    Set<Integer> chosen = new LinkedHashSet<>();
    while (chosen.size() < Math.min(count, population.advertisers())) {
      chosen.add(random.nextInt(population.advertisers()));
    }
    SecureRandom keyRandom = new SecureRandom();
    List<Registered> out = new ArrayList<>();
    for (int advertiser : chosen) {
      String key = ApiKeys.newKey(keyRandom);
      Advertiser created = registry.createAdvertiser("bench-" + advertiser, ApiKeys.hash(key));
      population.registerAdvertiser(advertiser, created.id());
      for (int ad : population.adsOf(advertiser)) {
        String url = "https://example.com/bench/" + ad;
        population.registerAd(ad, registry.createAd(created.id(), "ad-" + ad, url).id());
      }
      out.add(new Registered(advertiser, key));
    }
    return out;
  }

  /** One line per probe: key, advertiser id, then adId:expectedDayClicks for each of its ads. */
  static void write(Path file, List<Registered> probes, Population population, int[] dayTotals)
      throws IOException {
    List<String> lines = new ArrayList<>();
    for (Registered probe : probes) {
      int[] ads = population.adsOf(probe.advertiser());
      StringBuilder line = new StringBuilder(probe.apiKey());
      line.append('\t').append(population.advertiserIdOf(ads[0]));
      for (int ad : ads) {
        line.append('\t').append(population.adIdOf(ad)).append(':').append(dayTotals[ad]);
      }
      lines.add(line.toString());
    }
    Files.write(file, lines, UTF_8);
  }

  static List<Probe> read(Path file) throws IOException {
    List<Probe> out = new ArrayList<>();
    for (String line : Files.readAllLines(file, UTF_8)) {
      String[] parts = line.split("\t");
      int n = parts.length - 2;
      long[] adIds = new long[n];
      long[] totals = new long[n];
      for (int i = 0; i < n; i++) {
        String[] pair = parts[i + 2].split(":");
        adIds[i] = Long.parseLong(pair[0]);
        totals[i] = Long.parseLong(pair[1]);
      }
      out.add(new Probe(parts[0], Long.parseLong(parts[1]), adIds, totals));
    }
    return out;
  }
}
