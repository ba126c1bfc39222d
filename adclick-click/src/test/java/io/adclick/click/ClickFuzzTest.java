package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;

import io.adclick.event.ClickEvent;
import io.adclick.event.ClickKind;
import io.adclick.registry.Ad;
import io.adclick.token.ImpressionId;
import io.adclick.token.ImpressionToken;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Throws random bytes and mutated genuine tokens at {@code /c/} on a real server. Each round mixes
 * exact genuine tokens (some clicked several times), mutations of them (flipped character or bit,
 * inserted, deleted, swapped, truncated, extended) and random byte strings, sent as GET, HEAD,
 * prefetch or link preview. Checks that every answer is exactly what the input deserves (never a
 * 5xx) and that the impressions logged as candidates are exactly the genuine ones clicked by a
 * plain GET.
 *
 * <p>A seeded {@link Random} instead of a property-testing library: the run is reproducible from
 * the seed printed on failure ({@code -Dadclick.fuzz.seed=...}), and bounded ({@code
 * -Dadclick.fuzz.rounds=...}, 30 rounds of 50 requests by default, a few seconds).
 */
class ClickFuzzTest {
  private static final String ALPHABET =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  private static final String NOISE = ALPHABET + "+/=%.~!*'();:@&$,[] \"<>\\^`{|}";
  private static final int REQUESTS_PER_ROUND = 50;

  @TempDir Path dir;
  private final HttpClient http = ClickTestServer.client();
  private ClickTestServer server;
  private Ad ad;

  /** What a genuine token in the pool is, and so what a click on it must do. */
  private enum Genuine {
    VALID,
    EXPIRED,
    UNKNOWN_AD,
    FUTURE
  }

  private enum Variant {
    GET,
    HEAD,
    PREFETCH,
    PREVIEW
  }

  private record Pooled(String token, ImpressionId impression, Genuine genuine) {}

  @BeforeEach
  void start() throws Exception {
    server = ClickTestServer.start(dir);
    ad = server.createAd("https://a.example/landing");
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void neverServerErrorsAndCountsExactlyTheGenuineClicks() throws Exception {
    long seed = Long.getLong("adclick.fuzz.seed", System.nanoTime());
    int rounds = Integer.getInteger("adclick.fuzz.rounds", 30);
    Random random = new Random(seed);
    for (int round = 0; round < rounds; round++) {
      runRound(random, "seed " + seed + ", round " + round);
    }
  }

  private void runRound(Random random, String label) throws Exception {
    List<Pooled> pool = pool();
    Map<String, Pooled> byToken = new HashMap<>();
    pool.forEach(p -> byToken.put(p.token(), p));
    int loggedBefore = server.log.appended.size();
    Set<ImpressionId> expectedCandidates = new HashSet<>();
    int expectedLogged = 0;

    for (int i = 0; i < REQUESTS_PER_ROUND; i++) {
      String token = input(random, pool);
      Variant variant = Variant.values()[random.nextInt(Variant.values().length)];
      Pooled genuine = byToken.get(token);
      int expectedStatus = expectedStatus(genuine);
      if (expectedStatus == 302) {
        expectedLogged++;
        if (genuine.genuine() == Genuine.VALID && variant == Variant.GET) {
          expectedCandidates.add(genuine.impression());
        }
      }

      HttpResponse<String> response = send(token, variant);

      String what = label + ", request " + i + ": " + variant + " /c/" + token;
      assertThat(response.statusCode()).as(what).isEqualTo(expectedStatus);
      if (expectedStatus == 302) {
        assertThat(response.headers().firstValue("Location"))
            .as(what)
            .hasValue("https://a.example/landing");
      } else {
        assertThat(response.headers().firstValue("Location")).as(what).isEmpty();
      }
    }

    List<ClickEvent> logged = server.log.appended.subList(loggedBefore, server.log.appended.size());
    Set<ImpressionId> candidates =
        logged.stream()
            .filter(c -> c.kind() == ClickKind.CANDIDATE)
            .map(ClickEvent::impressionId)
            .collect(Collectors.toSet());
    assertThat(candidates).as(label).isEqualTo(expectedCandidates);
    assertThat(logged).as(label).hasSize(expectedLogged);
  }

  private static int expectedStatus(Pooled genuine) {
    if (genuine == null) {
      return 400;
    }
    return switch (genuine.genuine()) {
      case VALID, EXPIRED -> 302;
      case UNKNOWN_AD -> 404;
      case FUTURE -> 400;
    };
  }

  private List<Pooled> pool() {
    long now = ClickTestServer.NOW.toEpochMilli();
    List<Pooled> pool = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      pool.add(pooled(ClickTestServer.token(ad.id(), now - i * 1000L), Genuine.VALID));
    }
    long expiredAt = now - ClickTestServer.LIFETIME.toMillis();
    pool.add(pooled(ClickTestServer.token(ad.id(), expiredAt), Genuine.EXPIRED));
    pool.add(pooled(ClickTestServer.token(ad.id() + 1000, now), Genuine.UNKNOWN_AD));
    long future = now + ClickTestServer.SKEW.toMillis() + 1;
    pool.add(pooled(ClickTestServer.token(ad.id(), future), Genuine.FUTURE));
    return pool;
  }

  private static Pooled pooled(ImpressionToken token, Genuine genuine) {
    return new Pooled(ClickTestServer.sign(token), token.impressionId(), genuine);
  }

  /** A third genuine tokens as they are, a half mutations of them, the rest random bytes. */
  private static String input(Random random, List<Pooled> pool) {
    String genuine = pool.get(random.nextInt(pool.size())).token();
    int dice = random.nextInt(6);
    if (dice < 2) {
      return genuine;
    }
    if (dice < 5) {
      return mutate(random, genuine);
    }
    return randomBytes(random);
  }

  private static String mutate(Random random, String token) {
    StringBuilder s = new StringBuilder(token);
    int at = position(random, s.length());
    switch (random.nextInt(7)) {
      case 0 -> s.setCharAt(at, pick(random, NOISE));
      case 1 -> s.insert(at, pick(random, ALPHABET));
      case 2 -> s.deleteCharAt(at);
      case 3 -> s.setLength(at);
      case 4 -> s.append(pick(random, ALPHABET)).append(random.nextBoolean() ? "A" : "==");
      case 5 -> {
        char c = s.charAt(at);
        int other = (at + 1) % s.length();
        s.setCharAt(at, s.charAt(other));
        s.setCharAt(other, c);
      }
      default -> {
        return flipBit(random, token);
      }
    }
    return s.toString();
  }

  /**
   * Favours both ends: the first characters carry version and key id, the last one carries the
   * padding bits a lenient decoder ignores.
   */
  private static int position(Random random, int length) {
    return switch (random.nextInt(3)) {
      case 0 -> random.nextInt(Math.min(3, length));
      case 1 -> length - 1 - random.nextInt(Math.min(2, length));
      default -> random.nextInt(length);
    };
  }

  private static String flipBit(Random random, String token) {
    byte[] raw = Base64.getUrlDecoder().decode(token);
    raw[random.nextInt(raw.length)] ^= (byte) (1 << random.nextInt(8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
  }

  private static String randomBytes(Random random) {
    byte[] bytes = new byte[random.nextInt(200)];
    random.nextBytes(bytes);
    if (random.nextBoolean()) {
      // Bytes from the token alphabet reach the verifier's decoder, not just its first check.
      for (int i = 0; i < bytes.length; i++) {
        bytes[i] = (byte) ALPHABET.charAt((bytes[i] & 0xff) % ALPHABET.length());
      }
    }
    return new String(bytes, StandardCharsets.ISO_8859_1);
  }

  private static char pick(Random random, String from) {
    return from.charAt(random.nextInt(from.length()));
  }

  private HttpResponse<String> send(String token, Variant variant) throws Exception {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(server.base() + "/c/" + encodePath(token)));
    switch (variant) {
      case HEAD -> request.method("HEAD", HttpRequest.BodyPublishers.noBody());
      case PREFETCH -> request.header("Sec-Purpose", "prefetch");
      case PREVIEW -> request.header("User-Agent", "Slackbot-LinkExpanding 1.0");
      case GET -> request.header("User-Agent", "Mozilla/5.0 Firefox/133.0");
    }
    return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Percent-encodes every byte outside the token alphabet, so the path stays one segment. */
  private static String encodePath(String s) {
    StringBuilder out = new StringBuilder();
    for (byte b : s.getBytes(StandardCharsets.ISO_8859_1)) {
      char c = (char) (b & 0xff);
      if (ALPHABET.indexOf(c) >= 0) {
        out.append(c);
      } else {
        out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xf, 16)));
        out.append(Character.toUpperCase(Character.forDigit(b & 0xf, 16)));
      }
    }
    return out.toString();
  }
}
