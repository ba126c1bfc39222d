package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import io.adclick.tools.ledger.Outcome;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClickClientTest {
  /**
   * Long enough for a loaded 2-core machine to answer a cold server's first requests (300 ms was
   * not, in CI); the one test that expects a timeout waits this long once.
   */
  private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(3);

  record Reported(PlannedClick click, Outcome outcome, int status) {}

  private final List<Reported> reported = new CopyOnWriteArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private HttpServer server;
  private ClickClient client;

  @AfterEach
  void stop() {
    release.countDown();
    if (client != null) {
      client.close();
    }
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void reportsEachAnswerWithItsStatusOverKeptAliveConnections() throws Exception {
    start(0);
    client = client(2);

    for (int i = 0; i < 50; i++) {
      send(click("ok-" + i));
    }

    Await.until(() -> reported.size() == 50);
    assertThat(reported).allMatch(r -> r.outcome() == Outcome.ANSWERED && r.status() == 302);
    assertThat(reported).map(r -> r.click().impressionId()).doesNotHaveDuplicates();
    assertThat(client.reconnects()).isZero();
  }

  @Test
  void reportsATimeoutWhenNoAnswerComes() throws Exception {
    start(0);
    client = client(1);

    send(click("hang"));

    Await.until(() -> reported.size() == 1);
    assertThat(reported.get(0).outcome()).isEqualTo(Outcome.TIMEOUT);
    assertThat(client.inFlight()).isZero();
  }

  @Test
  void keepsGoingWhileTheServerIsDownAndReconnectsWhenItIsBack() throws Exception {
    start(0);
    int port = server.getAddress().getPort();
    client = client(2);
    send(click("before"));
    Await.until(() -> reported.size() == 1);

    server.stop(0);
    Await.until(
        () -> client.send(click("down"), System.nanoTime()) == ClickClient.Send.NO_CONNECTION);
    start(port);

    Await.until(() -> client.send(click("after"), System.nanoTime()) == ClickClient.Send.TAKEN);
    Await.until(
        () ->
            reported.stream()
                .anyMatch(r -> r.click().impressionId().equals("after") && r.status() == 302));
    assertThat(client.reconnects()).isPositive();
  }

  private void start(int port) throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    server.createContext(
        "/c/",
        exchange -> {
          if (exchange.getRequestURI().getPath().endsWith("hang")) {
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          exchange.getResponseHeaders().add("Location", "https://a.example/");
          exchange.sendResponseHeaders(302, -1);
          exchange.close();
        });
    server.start();
  }

  private ClickClient client(int connections) throws Exception {
    ClickClient c =
        new ClickClient(
            server.getAddress(),
            connections,
            TIMEOUT,
            (click, intended, done, outcome, status) ->
                reported.add(new Reported(click, outcome, status)));
    c.open(TimeUnit.SECONDS.toNanos(5));
    return c;
  }

  private void send(PlannedClick click) {
    Await.until(() -> client.send(click, System.nanoTime()) == ClickClient.Send.TAKEN);
  }

  private static PlannedClick click(String id) {
    return new PlannedClick(id, 1, "/c/" + id, false, false, PlannedClick.NO_TARGET);
  }
}
