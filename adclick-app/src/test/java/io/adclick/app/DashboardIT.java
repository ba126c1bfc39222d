package io.adclick.app;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The advertiser dashboard end to end in a real headless Chromium against the real all-in-one
 * server: a wrong key, signing in, the chart and the ads table with the clicks made through the
 * click path, more clicks showing up without a reload, the CSV download, an ad's own page, and a
 * phone-width screen. Screenshots land in {@code target/screenshots}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
  private static final String ADMIN = TestConfigs.ADMIN;
  private static final Duration WAIT = Duration.ofSeconds(60);
  private static final Path SCREENSHOTS = Path.of("target", "screenshots");

  @TempDir static Path dataDir;
  @TempDir static Path browserDir;
  private static AllInOneServer server;
  private static ApiClient api;
  private static HeadlessChromium chromium;
  private static ChromeDriver browser;
  private static String key;
  private static String quietKey;
  private static long advertiserId;
  private static long springSale;
  private static long winterBoots;

  @BeforeAll
  static void clickThroughTheServerAndOpenTheBrowser() throws Exception {
    server = TestConfigs.startHealthy(dataDir, null);
    api = new ApiClient(server.baseUrl());
    JsonNode advertiser = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Acme\"}");
    key = advertiser.get("apiKey").asText();
    advertiserId = advertiser.get("id").asLong();
    springSale = createAd(advertiserId, "Spring sale");
    winterBoots = createAd(advertiserId, "Winter boots");
    JsonNode quiet = api.postOk("/api/v1/advertisers", ADMIN, "{\"name\":\"Quiet Co\"}");
    quietKey = quiet.get("apiKey").asText();
    createAd(quiet.get("id").asLong(), "Not live yet");
    List<String> spring = api.mint(springSale, 3, null);
    click(spring);
    click(api.mint(winterBoots, 2, null));
    click(spring.subList(0, 1)); // a repeat: redirected, not counted
    awaitCounted(5);

    chromium = HeadlessChromium.start(browserDir, 1280, 800);
    browser = chromium.driver();
  }

  @AfterAll
  static void stop() {
    if (chromium != null) {
      chromium.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  @Order(1)
  void aWrongKeyShowsWhyAndKeepsTheSignInForm() {
    browser.get(server.baseUrl() + "/");

    signIn("not-a-key-of-anyone");

    waitFor("the error about the key", () -> text("notice").contains("was not accepted"));
    assertThat(browser.findElement(By.id("sign-in")).isDisplayed()).isTrue();
    assertThat(browser.findElement(By.id("dashboard")).isDisplayed()).isFalse();
  }

  @Test
  @Order(2)
  void anAdvertiserWithoutClicksSeesTheEmptyStateAndCanSignOut() {
    signIn(quietKey);

    waitFor("the empty state", () -> text("status").equals("No clicks in this range yet."));
    assertThat(value(By.id("total-clicks"))).isEqualTo("0");
    assertThat(adRows()).containsExactly("Not live yet 0");

    browser.findElement(By.id("sign-out")).click();
    waitFor("the sign-in form", () -> browser.findElement(By.id("sign-in")).isDisplayed());
    assertThat(browser.executeScript("return sessionStorage.getItem('adclick.apiKey');")).isNull();
  }

  @Test
  @Order(3)
  void theOverviewChartsTheClicksAndListsEachAdWithItsOwn() throws Exception {
    browser.get(server.baseUrl() + "/");

    signIn(key); // typed, then Enter: the form works from the keyboard

    waitFor("the advertiser's 5 clicks", () -> "5".equals(value(By.id("total-clicks"))));
    assertThat(browser.findElements(By.cssSelector("#chart canvas"))).isNotEmpty();
    assertThat(seriesTableTotal()).isEqualTo(5);
    assertThat(adRows()).containsExactly("Spring sale 3", "Winter boots 2");
    assertThat(browser.getCurrentUrl()).doesNotContain(key);
    assertThat(text("granularity")).isEqualTo("minute");

    // Sorting by keyboard: focus the Ad heading's button and press Enter.
    WebElement byName = browser.findElement(By.cssSelector("button[data-sort='name']"));
    byName.sendKeys(Keys.ENTER);
    waitFor("ads sorted by name", () -> adRows().get(0).startsWith("Spring sale"));
    byName.sendKeys(Keys.ENTER);
    waitFor("ads sorted by name, descending", () -> adRows().get(0).startsWith("Winter boots"));
    assertThat(byName.findElement(By.xpath("..")).getAttribute("aria-sort"))
        .isEqualTo("descending");
  }

  @Test
  @Order(4)
  void clicksMadeWhileThePageIsOpenShowUpWithoutAReload() throws Exception {
    browser.executeScript("window.stillTheSamePage = true;");

    click(api.mint(winterBoots, 2, null));

    waitFor("the 2 new clicks on the open page", () -> "7".equals(value(By.id("total-clicks"))));
    waitFor("Winter boots' row updated", () -> adRows().contains("Winter boots 4"));
    assertThat(seriesTableTotal()).isEqualTo(7);
    assertThat(browser.executeScript("return window.stillTheSamePage === true;")).isEqualTo(true);
    assertThat(browser.findElement(By.id("live")).isDisplayed()).isTrue();
  }

  @Test
  @Order(5)
  void minutesTurnFinalOnThePageAsTheJobClosesThem() throws Exception {
    // A fresh server: nothing is final until the job has closed its first minute.
    waitFor("minutes the job has closed", () -> !text("complete-through").equals("not yet"));

    waitFor("final and partial buckets side by side", () -> bucketStates().size() == 2);
    assertThat(seriesTableTotal()).isEqualTo(7);
    browser.executeScript("window.scrollTo(0, 0);");
    chromium.screenshot(SCREENSHOTS.resolve("dashboard-overview.png"));
  }

  @Test
  @Order(6)
  void everyControlIsLabelledAndAllTextHasEnoughContrast() {
    @SuppressWarnings("unchecked")
    List<String> problems = (List<String>) browser.executeScript(ACCESSIBILITY_CHECK);

    assertThat(problems).isEmpty();
    // A reload keeps the tab signed in (the key is in session storage); from the top of the page
    // the first Tab reaches the skip link, the next the sign-out button.
    browser.navigate().refresh();
    waitFor("the numbers again after a reload", () -> "7".equals(value(By.id("total-clicks"))));
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getText()).isEqualTo("Skip to content");
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getAttribute("id")).isEqualTo("sign-out");
  }

  @Test
  @Order(7)
  void theCsvDownloadHoldsTheNumbersShown() throws Exception {
    browser.findElement(By.id("download-csv")).click();
    browser.findElement(By.id("download-ads-csv")).click();

    waitFor("the chart's CSV", () -> downloadedCsv("-minute-").isPresent());
    waitFor("the table's CSV", () -> downloadedCsv("-ads-").isPresent());
    List<String> series = Files.readAllLines(downloadedCsv("-minute-").orElseThrow());
    assertThat(series.get(0)).startsWith("start,clicks,final");
    long clicks =
        series.stream().skip(1).mapToLong(line -> Long.parseLong(line.split(",")[1])).sum();
    assertThat(clicks).isEqualTo(7);
    assertThat(series).hasSize(1 + 60); // a header and the last 60 minutes
    assertThat(Files.readAllLines(downloadedCsv("-ads-").orElseThrow()))
        .containsExactly(
            "adId,name,clicks", winterBoots + ",Winter boots,4", springSale + ",Spring sale,3");
  }

  @Test
  @Order(8)
  void anAdsOwnPageChartsThatAdAlone() throws Exception {
    browser.findElement(By.linkText("Winter boots")).click();

    waitFor("Winter boots' page", () -> text("view-title").equals("Winter boots"));
    waitFor("Winter boots' 4 clicks", () -> "4".equals(value(By.id("total-clicks"))));
    assertThat(browser.getCurrentUrl()).endsWith("#/ads/" + winterBoots);
    assertThat(browser.findElement(By.id("ads-section")).isDisplayed()).isFalse();
    browser.executeScript("window.scrollTo(0, 0);");
    chromium.screenshot(SCREENSHOTS.resolve("dashboard-ad.png"));

    browser.findElement(By.id("back-to-overview")).click();
    waitFor("the overview again", () -> text("view-title").equals("All ads"));
  }

  @Test
  @Order(9)
  void aLongerRangeChoosesHoursAndAPhoneWidthScreenStillFits() throws Exception {
    new Select(browser.findElement(By.id("range"))).selectByValue("7d");
    waitFor("hours for 7 days", () -> text("granularity").equals("hour"));
    waitFor("the same 7 clicks", () -> "7".equals(value(By.id("total-clicks"))));

    Select range = new Select(browser.findElement(By.id("range")));
    range.selectByValue("custom");
    browser.executeScript(
        "document.getElementById('custom-from').value = arguments[0];"
            + "document.getElementById('custom-to').value = arguments[1];",
        localMinute(Instant.now().minus(Duration.ofHours(2))),
        localMinute(Instant.now().plus(Duration.ofMinutes(2))));
    browser.findElement(By.id("apply-range")).click();
    waitFor("minutes for 2 hours", () -> text("granularity").equals("minute"));
    waitFor("the same 7 clicks again", () -> "7".equals(value(By.id("total-clicks"))));

    browser.manage().window().setSize(new Dimension(390, 844));
    waitFor(
        "no sideways scrolling at phone width",
        () ->
            (Boolean)
                browser.executeScript(
                    "return document.documentElement.scrollWidth <= window.innerWidth;"));
    chromium.screenshot(SCREENSHOTS.resolve("dashboard-phone.png"));
    browser.manage().window().setSize(new Dimension(1280, 800));
  }

  @Test
  @Order(10)
  void theServerGoneShowsItIsUnreachable() throws Exception {
    server.close();
    server = null;

    waitFor("the unreachable state", () -> text("notice").contains("cannot be reached"));
    assertThat(value(By.id("total-clicks"))).isEqualTo("7"); // the last numbers stay
  }

  /**
   * WCAG AA on what the page shows: each visible element's own text against the first opaque
   * background behind it (4.5:1, 3:1 for large text), and a label for every visible control.
   * Returns what fails.
   */
  private static final String ACCESSIBILITY_CHECK =
      """
      const lum = (c) => c.match(/[\\d.]+/g).slice(0, 3).map(Number).map((v) => {
        v /= 255;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
      }).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
      const behind = (el) => {
        for (let e = el; e; e = e.parentElement) {
          const c = getComputedStyle(e).backgroundColor;
          const parts = c.match(/[\\d.]+/g);
          if (parts && (parts.length < 4 || Number(parts[3]) > 0)) return c;
        }
        return 'rgb(255, 255, 255)';
      };
      const problems = [];
      document.querySelectorAll('body *').forEach((el) => {
        if (!el.getClientRects().length) return;
        const ownText = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        if (!ownText) return;
        const style = getComputedStyle(el);
        const a = lum(style.color);
        const b = lum(behind(el));
        const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
        const size = parseFloat(style.fontSize);
        const large = size >= 24 || (size >= 18.66 && Number(style.fontWeight) >= 700);
        if (ratio < (large ? 3 : 4.5)) {
          problems.push(el.tagName + ' "' + el.textContent.trim().slice(0, 30) + '" ' + ratio.toFixed(2));
        }
      });
      document.querySelectorAll('input, select, button').forEach((el) => {
        if (!el.getClientRects().length) return;
        if ((el.labels && el.labels.length) || el.textContent.trim() || el.getAttribute('aria-label')) return;
        problems.push('no label: ' + el.outerHTML.slice(0, 60));
      });
      return problems;
      """;

  private static String localMinute(Instant instant) {
    return java.time.LocalDateTime.ofInstant(instant, java.time.ZoneId.systemDefault())
        .truncatedTo(java.time.temporal.ChronoUnit.MINUTES)
        .toString();
  }

  private static long createAd(long advertiser, String name) throws Exception {
    return api.postOk(
            "/api/v1/ads",
            ADMIN,
            "{\"advertiserId\":"
                + advertiser
                + ",\"name\":\""
                + name
                + "\",\"targetUrl\":\"https://acme.example/\"}")
        .get("id")
        .asLong();
  }

  private static void click(List<String> links) throws Exception {
    for (String link : links) {
      assertThat(api.get(link, (String) null).statusCode()).isEqualTo(302);
    }
  }

  private static void awaitCounted(long clicks) throws Exception {
    String from = Instant.now().minus(Duration.ofHours(1)).toString();
    String to = Instant.now().plus(Duration.ofHours(1)).toString();
    String metrics =
        "/api/v1/advertisers/"
            + advertiserId
            + "/metrics?granularity=hour&from="
            + from
            + "&to="
            + to;
    Eventually.assertThat(
        WAIT,
        "the store counts " + clicks + " clicks",
        () -> {
          HttpResponse<String> answer = api.get(metrics, key);
          return ApiClient.json(answer).get("total").asLong() == clicks;
        });
  }

  private static void signIn(String apiKey) {
    WebElement field = browser.findElement(By.id("api-key"));
    new WebDriverWait(browser, WAIT).until(d -> field.isDisplayed());
    field.clear();
    field.sendKeys(apiKey, Keys.ENTER);
  }

  private static void waitFor(String what, java.util.function.Supplier<Boolean> condition) {
    new WebDriverWait(browser, WAIT)
        .withMessage("waiting for " + what)
        .until(d -> Boolean.TRUE.equals(condition.get()));
  }

  private static String text(String id) {
    return browser.findElement(By.id(id)).getText().trim();
  }

  private static String value(By element) {
    return browser.findElement(element).getAttribute("data-value");
  }

  /** Each ad row as "name clicks", in the table's order. */
  private static List<String> adRows() {
    return browser.findElements(By.cssSelector("#ads-table tbody tr")).stream()
        .map(
            row -> {
              List<WebElement> cells = row.findElements(By.tagName("td"));
              return cells.get(0).getText() + " " + cells.get(2).getAttribute("data-value");
            })
        .toList();
  }

  /** The states ("final", "partial") of the chart's buckets as the page lists them. */
  private static java.util.Set<String> bucketStates() {
    return browser.findElements(By.cssSelector("#series-table tbody tr")).stream()
        .map(row -> row.findElements(By.tagName("td")).get(2).getAttribute("textContent"))
        .collect(java.util.stream.Collectors.toSet());
  }

  /** The sum of the chart's numbers as the page lists them beside it. */
  private static long seriesTableTotal() {
    return browser.findElements(By.cssSelector("#series-table tbody td[data-value]")).stream()
        .mapToLong(td -> Long.parseLong(td.getAttribute("data-value")))
        .sum();
  }

  /** A finished download whose name has {@code part} in it. */
  private static Optional<Path> downloadedCsv(String part) {
    try (Stream<Path> files = Files.list(chromium.downloads())) {
      return files
          .filter(f -> f.getFileName().toString().endsWith(".csv"))
          .filter(f -> f.getFileName().toString().contains(part))
          .findFirst();
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
