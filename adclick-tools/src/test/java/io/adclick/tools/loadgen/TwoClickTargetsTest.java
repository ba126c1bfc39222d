package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.adclick.tools.api.AdclickApi.MintedImpression;
import io.adclick.tools.ledger.ClickLedger;
import io.adclick.tools.ledger.LedgerEntry;
import io.adclick.tools.ledger.LedgerHeader;
import io.adclick.tools.ledger.Outcome;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The load generator against two click services at once, as behind a load balancer: real sockets,
 * two JDK HTTP servers answering 302, one of them stopped mid-run.
 */
class TwoClickTargetsTest {
  private static final int CLICKS = 1_200;
  private static final double RATE = 400;
  private static final int CONNECTIONS = 4;

  /** A click service stand-in: answers every click 302 and remembers the impressions it got. */
  private static final class ClickService {
    final List<String> received = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private boolean stopped;

    ClickService() throws IOException {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
      server.createContext(
          "/c/",
          exchange -> {
            received.add(exchange.getRequestURI().getPath().substring("/c/".length()));
            exchange.getResponseHeaders().add("Location", "https://a.example/");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
          });
      server.start();
    }

    InetSocketAddress address() {
      return server.getAddress();
    }

    /** Closes the listener and every connection at once, like a killed process. */
    void stop() {
      if (!stopped) {
        stopped = true;
        server.stop(0);
      }
    }
  }

  @TempDir Path dir;
  private final ClickService a = new ClickService();
  private final ClickService b = new ClickService();
  private final ExecutorService runner = Executors.newSingleThreadExecutor();

  TwoClickTargetsTest() throws IOException {}

  @AfterEach
  void stop() {
    runner.shutdownNow();
    a.stop();
    b.stop();
  }

  @Test
  void spreadsClicksAndRepeatsOverBothServicesAndFailsOverWhenOneStops() throws Exception {
    Path ledgerFile = dir.resolve("ledger.tsv");
    LoadSummary summary;
    int receivedByBWhenStopped;
    try (ImpressionSupply supply = supply();
        ClickLedger ledger =
            ClickLedger.create(ledgerFile, new LedgerHeader("http://127.0.0.1:1", 1, "ak"))) {
      ClickMix mix =
          new ClickMix(new ZipfSampler(1, 0), supply, List.of(1L), 0.3, 0, new SplittableRandom(7));
      LoadGenerator generator =
          new LoadGenerator(
              new LoadSettings(RATE, CLICKS, CONNECTIONS, TimeUnit.SECONDS.toNanos(3)),
              mix,
              ledger,
              new PrintWriter(new StringWriter()),
              false);
      Future<LoadSummary> run =
          runner.submit(() -> generator.run(List.of(a.address(), b.address())));

      // B takes every other click: a quarter of them is about half way through the run.
      Await.until(() -> b.received.size() >= CLICKS / 4);
      b.stop();
      receivedByBWhenStopped = b.received.size();
      summary = run.get(30, TimeUnit.SECONDS);
    }

    Map<String, Long> atA = perImpression(a.received);
    Map<String, Long> atB = perImpression(b.received);
    assertThat(atB.keySet())
        .as("impressions clicked through both services")
        .containsAnyElementsOf(atA.keySet());
    // While both were up, a repeat never went where its impression had just been; after B stopped
    // every click went to A. So B cannot have had an impression more than once more than A.
    assertThat(atB)
        .allSatisfy((id, n) -> assertThat(n).isLessThanOrEqualTo(atA.getOrDefault(id, 0L) + 1));

    List<LedgerEntry> entries = new ArrayList<>();
    ClickLedger.read(ledgerFile, entries::add);
    assertThat(entries).as("every click in the ledger").hasSize(CLICKS);
    assertThat(entries).noneMatch(e -> e.outcome() == Outcome.UNSENT);
    long redirected = entries.stream().filter(e -> e.status() == 302).count();
    long unanswered = CLICKS - redirected;
    // Only clicks on B's connections when it stopped go unanswered, at most one per connection.
    assertThat(unanswered).isLessThanOrEqualTo(CONNECTIONS);
    // No redirect the servers never saw; a request B saw but could not answer is unanswered.
    assertThat(a.received.size() + b.received.size())
        .isBetween((int) redirected, (int) (redirected + unanswered));

    TargetCounts.Count toA = summary.targets().get(0);
    TargetCounts.Count toB = summary.targets().get(1);
    assertThat(toA.sent() + toB.sent()).as("every click taken by a service").isEqualTo(CLICKS);
    assertThat(toA.answered()).as("A answered all it took").isEqualTo(toA.sent());
    assertThat(toB.sent())
        .as("B took no more than its open connections could carry after it stopped")
        .isLessThanOrEqualTo(receivedByBWhenStopped + CONNECTIONS);
    assertThat(toA.sent()).as("A took the rest").isGreaterThan(toB.sent());
    assertThat(toA.answered() + toB.answered()).isEqualTo(redirected);
  }

  private static Map<String, Long> perImpression(List<String> received) {
    return received.stream().collect(Collectors.groupingBy(id -> id, Collectors.counting()));
  }

  /** Enough fresh impressions of the one ad for the whole run, so that none is minted later. */
  private static ImpressionSupply supply() throws IOException {
    AtomicLong minted = new AtomicLong();
    ImpressionSupply supply =
        new ImpressionSupply(
            List.of(1L),
            new double[] {CLICKS},
            (adId, n) -> {
              List<MintedImpression> out = new ArrayList<>(n);
              for (int i = 0; i < n; i++) {
                String id = "imp-" + minted.incrementAndGet();
                out.add(new MintedImpression(id, "/c/" + id));
              }
              return out;
            },
            new PrintWriter(new StringWriter()));
    supply.fill();
    return supply;
  }
}
