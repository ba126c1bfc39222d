package io.adclick.token;

/** The outcome of verifying a click token. */
public sealed interface TokenCheck {

  /** Genuine and within its lifetime: a click on it may count. */
  record Valid(ImpressionToken token) implements TokenCheck {}

  /** Genuine but past its lifetime: redirect, never count. */
  record Expired(ImpressionToken token) implements TokenCheck {}

  /** Not a token we issued, or not one we can read: never redirect, never count. */
  record Rejected(Reason reason) implements TokenCheck {}

  /** Why a token was rejected; each has a message safe to show to the person who clicked. */
  enum Reason {
    EMPTY("the click token is empty"),
    TOO_LONG("the click token is too long"),
    BAD_ENCODING("the click token is not valid URL-safe base64"),
    UNSUPPORTED_VERSION("the click token has an unsupported version"),
    BAD_LENGTH("the click token is truncated or has extra bytes"),
    UNKNOWN_KEY("the click token was signed with an unknown key"),
    BAD_SIGNATURE("the click token's signature does not match"),
    ISSUED_IN_FUTURE("the click token was issued in the future");

    private final String message;

    Reason(String message) {
      this.message = message;
    }

    public String message() {
      return message;
    }
  }
}
