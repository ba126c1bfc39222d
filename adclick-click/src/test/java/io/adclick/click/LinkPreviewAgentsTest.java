package io.adclick.click;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkPreviewAgentsTest {

  @Test
  void matchesKnownFetchersCaseInsensitively() {
    LinkPreviewAgents agents = LinkPreviewAgents.defaults();

    assertThat(agents.matches("Slackbot-LinkExpanding 1.0")).isTrue();
    assertThat(agents.matches("FACEBOOKEXTERNALHIT/1.1")).isTrue();
    assertThat(agents.matches("Mozilla/5.0 (compatible; Discordbot/2.0)")).isTrue();
  }

  @Test
  void doesNotMatchBrowsersInAppBrowsersOrNothing() {
    LinkPreviewAgents agents = LinkPreviewAgents.defaults();

    assertThat(agents.matches(null)).isFalse();
    assertThat(agents.matches("")).isFalse();
    assertThat(agents.matches("Mozilla/5.0 (iPhone) Mobile/15E148 [FBAN/FBIOS;FBAV/400.0]"))
        .isFalse();
    assertThat(agents.matches("Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko Firefox/133.0"))
        .isFalse();
  }

  @Test
  void aConfiguredListReplacesTheDefaultsUnlessItNamesThem() {
    assertThat(LinkPreviewAgents.parse(" AcmeBot , ,OtherBot").entries())
        .containsExactly("acmebot", "otherbot");
    assertThat(LinkPreviewAgents.parse("AcmeBot").matches("Slackbot")).isFalse();
    assertThat(LinkPreviewAgents.parse("default,AcmeBot").entries())
        .containsAll(LinkPreviewAgents.DEFAULTS)
        .contains("acmebot");
  }

  @Test
  void unsetMeansDefaultsAndNoneMeansNoDetection() {
    assertThat(LinkPreviewAgents.parse(null).entries()).isEqualTo(LinkPreviewAgents.DEFAULTS);
    assertThat(LinkPreviewAgents.parse("  ").entries()).isEqualTo(LinkPreviewAgents.DEFAULTS);
    assertThat(LinkPreviewAgents.parse("none").entries()).isEmpty();
    assertThat(LinkPreviewAgents.parse("none").matches("Slackbot")).isFalse();
    assertThatThrownBy(() -> LinkPreviewAgents.of(List.of("none", "AcmeBot")))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
