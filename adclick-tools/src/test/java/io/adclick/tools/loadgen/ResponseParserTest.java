package io.adclick.tools.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.adclick.tools.loadgen.ResponseParser.Response;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponseParserTest {
  private static final String REDIRECT =
      "HTTP/1.1 302 Found\r\nlocation: https://a.example/\r\ncache-control: no-store\r\n"
          + "content-length: 0\r\n\r\n";

  @Test
  void readsStatusAndLengthOfARedirect() throws Exception {
    Response r = parse(REDIRECT);

    assertThat(r).isEqualTo(new Response(302, REDIRECT.length(), false));
  }

  @Test
  void waitsForTheWholeBody() throws Exception {
    String error = "HTTP/1.1 400 Bad Request\r\nContent-Length: 5\r\n\r\n{\"e\":";
    assertThat(parse(error.substring(0, error.length() - 1))).isNull();
    assertThat(parse("HTTP/1.1 302 Found\r\ncontent-len")).isNull();

    assertThat(parse(error).status()).isEqualTo(400);
  }

  @Test
  void endsAResponseWhereItsBodyEndsEvenIfMoreFollows() throws Exception {
    Response r = parse(REDIRECT + "HTTP/1.1 302");

    assertThat(r.length()).isEqualTo(REDIRECT.length());
  }

  @Test
  void findsTheEndOfAChunkedBody() throws Exception {
    String chunked =
        "HTTP/1.1 503 Service Unavailable\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "3\r\nabc\r\n2;x=y\r\nde\r\n0\r\n\r\n";
    assertThat(parse(chunked.substring(0, chunked.length() - 2))).isNull();

    assertThat(parse(chunked)).isEqualTo(new Response(503, chunked.length(), false));
  }

  @Test
  void noticesThatTheServerClosesTheConnection() throws Exception {
    assertThat(parse("HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n").close()).isTrue();
  }

  @Test
  void rejectsWhatIsNotAnHttpResponse() {
    assertThatThrownBy(() -> parse("SSH-2.0-OpenSSH\r\n\r\n"))
        .isInstanceOf(ResponseParser.MalformedResponseException.class);
    assertThatThrownBy(() -> parse("HTTP/1.1 3x2 Found\r\n\r\n"))
        .isInstanceOf(ResponseParser.MalformedResponseException.class);
  }

  private static Response parse(String text) throws Exception {
    byte[] buffer = new byte[1024];
    byte[] bytes = text.getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(bytes, 0, buffer, 0, bytes.length);
    buffer[bytes.length] = '\r'; // stale bytes past the limit must be ignored
    buffer[bytes.length + 1] = '\n';
    return ResponseParser.parse(buffer, bytes.length);
  }
}
