package io.adclick.tools.loadgen;

import io.adclick.tools.api.AdclickApi;
import io.adclick.tools.cli.AdminTarget;
import io.adclick.tools.cli.ToolDuration;
import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerHeader;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code adclick loadgen}: real clicks at a fixed rate, with a ledger of every answer. */
@Command(
    name = "loadgen",
    mixinStandardHelpOptions = true,
    description = {
      "Creates an advertiser and ads, mints real click links, and clicks them at a fixed rate",
      "(open loop: latency counts from each click's scheduled time). Writes a ledger of every",
      "click for `adclick verify`. Exit code 1 if any click was not answered as expected",
      "(302, or 400 for forged tokens). With --click-target, the clicks go round-robin to the",
      "click services given instead of --target, which keeps the admin calls."
    })
public final class LoadgenCommand implements Callable<Integer> {

  @Spec CommandSpec spec;

  @Mixin AdminTarget admin;

  @Option(
      names = "--click-target",
      paramLabel = "URL",
      description = {
        "A click service, http://host[:port]; repeat for several. Clicks go round-robin, a",
        "repeated impression to another one than last time, and past one with no connection",
        "up. Default: --target."
      })
  List<String> clickTargets;

  @Option(names = "--rate", defaultValue = "1000", description = "Clicks per second.")
  double rate;

  @Option(
      names = "--duration",
      defaultValue = "60s",
      converter = ToolDuration.class,
      description = "How long to click (default ${DEFAULT-VALUE}); see --count.")
  Duration duration;

  @Option(names = "--count", description = "Number of clicks; overrides --duration.")
  Long count;

  @Option(names = "--ads", defaultValue = "100", description = "Ads to create and click.")
  int ads;

  @Option(
      names = "--zipf",
      defaultValue = "1.0",
      description = "Popularity skew over the ads, 0 = uniform (default ${DEFAULT-VALUE}).")
  double zipf;

  @Option(
      names = "--duplicate-ratio",
      defaultValue = "0.1",
      description = "Share of clicks repeating an impression already clicked.")
  double duplicateRatio;

  @Option(
      names = "--forged-ratio",
      defaultValue = "0.01",
      description = "Share of clicks with one signature bit flipped (must get 400).")
  double forgedRatio;

  @Option(
      names = "--connections",
      defaultValue = "128",
      description = "Keep-alive connections per click target, one request in flight each.")
  int connections;

  @Option(
      names = "--ledger",
      defaultValue = "loadgen-ledger.tsv",
      description = "Where to write the ledger (default ${DEFAULT-VALUE}).")
  Path ledgerFile;

  @Option(
      names = "--timeout",
      defaultValue = "5s",
      converter = ToolDuration.class,
      description = "Per click; no answer by then counts as a timeout.")
  Duration timeout;

  @Option(names = "--seed", description = "Random seed, for a repeatable click mix.")
  Long seed;

  @Option(names = "--advertiser-id", description = "Reuse this advertiser (needs --api-key).")
  Long advertiserId;

  @Option(names = "--api-key", description = "The reused advertiser's API key.")
  String apiKey;

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    String adminToken = admin.token(spec);
    String target = admin.target;
    if ((advertiserId == null) != (apiKey == null)) {
      throw new ParameterException(spec.commandLine(), "--advertiser-id and --api-key go together");
    }
    InetSocketAddress targetAddress = address("--target", target);
    List<InetSocketAddress> clickAddresses =
        clickTargets == null || clickTargets.isEmpty()
            ? List.of(targetAddress)
            : clickTargets.stream().map(url -> address("--click-target", url)).toList();
    long clicks = count != null ? count : FixedRateSchedule.countWithin(rate, duration.toNanos());
    LoadSettings settings = new LoadSettings(rate, clicks, connections, timeout.toNanos());
    long mixSeed = seed != null ? seed : System.nanoTime();

    AdclickApi api = new AdclickApi(target, Duration.ofSeconds(30));
    Campaign campaign = Campaign.create(api, adminToken, ads, advertiserId, apiKey);
    out.printf(
        "advertiser %d, %d new ads; ledger %s%n",
        campaign.advertiserId(), campaign.adIds().size(), ledgerFile);
    out.flush();

    ZipfSampler popularity = new ZipfSampler(ads, zipf);
    double[] freshPerSecond = new double[ads];
    for (int i = 0; i < ads; i++) {
      freshPerSecond[i] = rate * (1 - duplicateRatio) * popularity.probability(i);
    }
    try (ImpressionSupply supply =
            new ImpressionSupply(
                campaign.adIds(),
                freshPerSecond,
                (adId, n) -> api.mint(adminToken, adId, n),
                spec.commandLine().getErr());
        ClickLedger ledger =
            ClickLedger.create(
                ledgerFile, new LedgerHeader(target, campaign.advertiserId(), campaign.apiKey()))) {
      supply.fill();
      supply.start();
      ClickMix mix =
          new ClickMix(
              popularity,
              supply,
              campaign.adIds(),
              duplicateRatio,
              forgedRatio,
              new SplittableRandom(mixSeed));
      LoadGenerator generator =
          new LoadGenerator(settings, mix, ledger, out, System.console() != null);
      LoadSummary summary = generator.run(clickAddresses);
      summary.print(out);
      return summary.clean() ? 0 : 1;
    }
  }

  /** The socket address of an {@code http://host[:port]} URL given to {@code option}. */
  private InetSocketAddress address(String option, String url) {
    try {
      URI uri = new URI(url);
      if ("http".equals(uri.getScheme()) && uri.getHost() != null) {
        return new InetSocketAddress(uri.getHost(), uri.getPort() < 0 ? 80 : uri.getPort());
      }
    } catch (URISyntaxException e) {
      // as wrong as any other URL that is not http://host[:port]
    }
    throw new ParameterException(spec.commandLine(), option + " must be http://host[:port]");
  }
}
