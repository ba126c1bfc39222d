package io.adclick.store.clickhouse;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Base64;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Statements over ClickHouse's HTTP interface, which every server version since 2016 speaks the
 * same way (the JDBC drivers need a newer one). One POST per statement: the statement in the body,
 * or, for an {@code INSERT}, in the {@code query} parameter with the rows in the body. The database
 * is the {@code database} parameter, so its name never enters SQL text. Credentials go in a Basic
 * {@code Authorization} header, never in the URL. Thread-safe.
 */
final class ClickHouseHttp {

  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

  private final ClickHouseEndpoint endpoint;
  private final HttpClient client;
  private final String authorization;

  ClickHouseHttp(ClickHouseEndpoint endpoint) {
    this.endpoint = endpoint;
    // HTTP/1.1: ClickHouse does not speak HTTP/2, and an h2c upgrade attempt only costs time.
    this.client =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(CONNECT_TIMEOUT)
            .build();
    this.authorization =
        endpoint.user() == null && endpoint.password() == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString(
                        ((endpoint.user() == null ? "default" : endpoint.user())
                                + ":"
                                + (endpoint.password() == null ? "" : endpoint.password()))
                            .getBytes(UTF_8));
  }

  /** Runs a statement in the store's database and returns the answer (TabSeparated for reads). */
  String execute(String sql) {
    return send("database=" + encode(endpoint.database()), sql.getBytes(UTF_8));
  }

  /** Runs a statement outside any database: to create or drop the store's database itself. */
  String executeOnServer(String sql) {
    return send("", sql.getBytes(UTF_8));
  }

  /**
   * Inserts rows in one request.
   *
   * @param insert {@code INSERT INTO table (columns) FORMAT format}
   * @param rows the rows in that format
   */
  void insert(String insert, byte[] rows) {
    send("database=" + encode(endpoint.database()) + "&query=" + encode(insert), rows);
  }

  /** Whether the server answers its {@code /ping}. */
  boolean ping() {
    try {
      HttpResponse<String> response =
          client.send(
              HttpRequest.newBuilder(endpoint.httpBase().resolve("ping"))
                  .timeout(CONNECT_TIMEOUT)
                  .GET()
                  .build(),
              HttpResponse.BodyHandlers.ofString(UTF_8));
      return response.statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Runs a read in the store's database and hands each line of its answer to {@code lines} as it
   * arrives, so an answer of millions of rows is never held whole.
   */
  void stream(String sql, Consumer<String> lines) {
    try (Stream<String> body =
        send(
            "database=" + encode(endpoint.database()),
            sql.getBytes(UTF_8),
            HttpResponse.BodyHandlers.ofLines(),
            text -> text.collect(Collectors.joining("\n")))) {
      body.forEach(lines);
    } catch (UncheckedIOException e) {
      throw new ClickHouseException(
          "ClickHouse at " + endpoint + " broke off an answer: " + describe(e.getCause()),
          e.getCause());
    }
  }

  private String send(String parameters, byte[] body) {
    return send(parameters, body, HttpResponse.BodyHandlers.ofString(UTF_8), text -> text);
  }

  private <T> T send(
      String parameters,
      byte[] body,
      HttpResponse.BodyHandler<T> handler,
      Function<T, String> asText) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create(endpoint.httpBase() + "?" + parameters))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", "text/plain; charset=UTF-8")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (authorization != null) {
      request.header("Authorization", authorization);
    }
    HttpResponse<T> response;
    try {
      response = client.send(request.build(), handler);
    } catch (HttpTimeoutException e) {
      throw new ClickHouseException(
          "ClickHouse at " + endpoint + " did not answer within " + timeoutOf(e), e);
    } catch (IOException e) {
      throw new ClickHouseException(
          "cannot reach ClickHouse at " + endpoint + ": " + describe(e), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ClickHouseException(
          "interrupted while waiting for ClickHouse at " + endpoint,
          new InterruptedIOException(e.getMessage()));
    }
    if (response.statusCode() != 200) {
      String text = asText.apply(response.body());
      throw new ClickHouseException(
          "ClickHouse at "
              + endpoint
              + " answered HTTP "
              + response.statusCode()
              + ": "
              + ServerError.message(text),
          ServerError.code(text));
    }
    return response.body();
  }

  private static String timeoutOf(HttpTimeoutException e) {
    return e instanceof java.net.http.HttpConnectTimeoutException
        ? CONNECT_TIMEOUT.toSeconds() + " s (connect)"
        : REQUEST_TIMEOUT.toSeconds() + " s";
  }

  private static String describe(IOException e) {
    String message = e.getMessage();
    if (message == null && e.getCause() != null) {
      message = e.getCause().getMessage();
    }
    return e.getClass().getSimpleName() + (message == null ? "" : " (" + message + ")");
  }

  private static String encode(String s) {
    return URLEncoder.encode(s, UTF_8);
  }
}
