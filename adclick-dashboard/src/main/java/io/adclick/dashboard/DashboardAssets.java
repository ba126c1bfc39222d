package io.adclick.dashboard;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The advertiser dashboard's files: the page, its script and styles, and uPlot from its WebJar,
 * read from the jar once at start and answered from memory, on the event loop. A fixed list (some
 * 60 KB in all), so nothing on the classpath beyond it can be asked for.
 *
 * <p>Every answer carries a content security policy that lets the page load only its own files and
 * call only its own server, and an ETag so a browser revalidates instead of downloading again.
 */
public final class DashboardAssets {

  /** Only the page's own origin, for scripts, styles and calls; never framed. */
  static final String CONTENT_SECURITY_POLICY =
      "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self';"
          + " img-src 'self' data:; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  private static final String OWN = "io/adclick/dashboard/";
  private static final String UPLOT_PROPERTIES =
      "META-INF/maven/org.webjars.npm/uplot/pom.properties";

  private final Asset page;
  private final Map<String, Asset> assets;

  private DashboardAssets(Asset page, Map<String, Asset> assets) {
    this.page = page;
    this.assets = assets;
  }

  /**
   * Reads every file from the classpath.
   *
   * @throws IllegalStateException if one is missing: a jar built wrong, found at start
   */
  public static DashboardAssets load() {
    String uplot = "META-INF/resources/webjars/uplot/" + uplotVersion() + "/dist/";
    Map<String, Asset> assets = new LinkedHashMap<>();
    assets.put("dashboard.js", Asset.read(OWN + "dashboard.js", "text/javascript"));
    assets.put("dashboard.css", Asset.read(OWN + "dashboard.css", "text/css"));
    assets.put("uPlot.min.js", Asset.read(uplot + "uPlot.iife.min.js", "text/javascript"));
    assets.put("uPlot.min.css", Asset.read(uplot + "uPlot.min.css", "text/css"));
    return new DashboardAssets(Asset.read(OWN + "index.html", "text/html"), Map.copyOf(assets));
  }

  /** {@code GET /}: the page. */
  public void page(HttpServerRequest request, Map<String, String> pathParams) {
    send(request, page);
  }

  /** {@code GET /assets/{name}}: one of the page's files, or 404. */
  public void asset(HttpServerRequest request, Map<String, String> pathParams) {
    Asset asset = assets.get(pathParams.get("name"));
    if (asset == null) {
      HttpServerResponse response = request.response();
      response.setStatusCode(404).putHeader("Content-Type", "application/json");
      response.end("{\"error\":\"not_found\",\"message\":\"no such dashboard file\"}");
      return;
    }
    send(request, asset);
  }

  private static void send(HttpServerRequest request, Asset asset) {
    HttpServerResponse response = request.response();
    response
        .putHeader("Content-Type", asset.contentType())
        .putHeader("Cache-Control", "no-cache")
        .putHeader("ETag", asset.etag())
        .putHeader("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        .putHeader("X-Content-Type-Options", "nosniff")
        .putHeader("Referrer-Policy", "no-referrer");
    if (asset.etag().equals(request.getHeader("If-None-Match"))) {
      response.setStatusCode(304).end();
    } else if (request.method() == HttpMethod.HEAD) {
      response.putHeader("Content-Length", String.valueOf(asset.body().length())).end();
    } else {
      response.end(asset.body());
    }
  }

  private static String uplotVersion() {
    Properties properties = new Properties();
    try (InputStream in = resource(UPLOT_PROPERTIES)) {
      properties.load(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static InputStream resource(String path) {
    InputStream in = DashboardAssets.class.getClassLoader().getResourceAsStream(path);
    if (in == null) {
      throw new IllegalStateException("the dashboard's " + path + " is not on the classpath");
    }
    return in;
  }

  /** One file's bytes, type and entity tag. */
  private record Asset(Buffer body, String contentType, String etag) {
    static Asset read(String path, String type) {
      try (InputStream in = resource(path)) {
        byte[] bytes = in.readAllBytes();
        String etag =
            "\""
                + HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 16)
                + "\"";
        return new Asset(Buffer.buffer(bytes), type + "; charset=utf-8", etag);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
