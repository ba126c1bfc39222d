package io.adclick.tools.loadgen;

import io.adclick.tools.api.AdclickApi.MintedImpression;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * Fresh, never-clicked impressions per ad, minted through the admin API ahead of the clicks. A
 * background thread keeps about three seconds of each ad's expected demand in stock, so minting
 * (itself a request to the server under test) never sits on the click schedule.
 */
final class ImpressionSupply implements AutoCloseable {
  static final int MAX_PER_CALL = 1000;
  private static final double STOCK_SECONDS = 3.0;

  /** Mints impressions of one ad; the admin API in production, a stub in tests. */
  interface Minter {
    List<MintedImpression> mint(long adId, int count) throws IOException;
  }

  private final List<Long> adIds;
  private final int[] targets;
  private final List<LinkedBlockingQueue<MintedImpression>> stock = new ArrayList<>();
  private final Minter minter;
  private final PrintWriter err;
  private volatile boolean running;
  private Thread refiller;

  /**
   * @param freshPerSecond expected fresh impressions taken per second, per ad index
   */
  ImpressionSupply(List<Long> adIds, double[] freshPerSecond, Minter minter, PrintWriter err) {
    this.adIds = List.copyOf(adIds);
    this.minter = minter;
    this.err = err;
    this.targets = new int[adIds.size()];
    for (int i = 0; i < targets.length; i++) {
      targets[i] = (int) Math.max(1, Math.ceil(freshPerSecond[i] * STOCK_SECONDS));
      stock.add(new LinkedBlockingQueue<>());
    }
  }

  /** Fills every ad's stock before the clock starts. */
  void fill() throws IOException {
    for (int i = 0; i < targets.length; i++) {
      topUp(i);
    }
  }

  void start() {
    running = true;
    refiller = new Thread(this::refillLoop, "impression-minter");
    refiller.setDaemon(true);
    refiller.start();
  }

  /** A fresh impression of the ad at {@code index}, or null if its stock ran out. */
  MintedImpression take(int index) {
    return stock.get(index).poll();
  }

  private void refillLoop() {
    while (running) {
      try {
        for (int i = 0; i < targets.length && running; i++) {
          if (stock.get(i).size() < (targets[i] + 1) / 2) {
            topUp(i);
          }
        }
        Thread.sleep(50);
      } catch (IOException e) {
        if (!running) {
          return; // closed while a call was under way
        }
        // The server may be restarting; clicks fall back to duplicates meanwhile.
        err.println("loadgen: minting failed, retrying in 1 s: " + e.getMessage());
        err.flush();
        pause(1000);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void topUp(int index) throws IOException {
    LinkedBlockingQueue<MintedImpression> queue = stock.get(index);
    int missing;
    while ((missing = targets[index] - queue.size()) > 0) {
      queue.addAll(minter.mint(adIds.get(index), Math.min(MAX_PER_CALL, missing)));
    }
  }

  private void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      running = false;
    }
  }

  @Override
  public void close() throws InterruptedException {
    running = false;
    if (refiller != null) {
      refiller.interrupt();
      refiller.join(5000);
    }
  }
}
