package io.adclick.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The admin token and the click-token keys. Taken from the environment when set; otherwise
 * generated once into the data directory, readable by its owner only, so a restart keeps every
 * minted link valid. Their values are never logged.
 *
 * @param generatedFiles files this start created or read, to tell the operator where they are
 */
record Secrets(String adminToken, TokenKeys tokenKeys, List<Path> generatedFiles) {

  static final String ADMIN_TOKEN_ENV = "ADCLICK_ADMIN_TOKEN";
  static final String TOKEN_SECRET_ENV = "ADCLICK_TOKEN_SECRET";

  static Secrets load(Path dataDir, Map<String, String> env, SecureRandom random)
      throws IOException {
    Path dir = dataDir.resolve("secrets");
    List<Path> files = new ArrayList<>();
    String admin =
        fromEnvOrFile(env.get(ADMIN_TOKEN_ENV), dir.resolve("admin-token"), random, files);
    if (admin.length() < 16) {
      throw new IllegalArgumentException(ADMIN_TOKEN_ENV + " must be at least 16 characters");
    }
    TokenKeys keys = tokenKeys(env, dir, random, files);
    return new Secrets(admin, keys, List.copyOf(files));
  }

  /**
   * Several keys from {@code ADCLICK_TOKEN_KEYS}, or one from {@code ADCLICK_TOKEN_SECRET} or the
   * generated file. Setting both is refused rather than guessing which one was meant.
   */
  private static TokenKeys tokenKeys(
      Map<String, String> env, Path dir, SecureRandom random, List<Path> files) throws IOException {
    String keys = env.get(TokenKeys.KEYS_ENV);
    String signingKeyId = env.get(TokenKeys.SIGNING_KEY_ID_ENV);
    String single = env.get(TOKEN_SECRET_ENV);
    if (isSet(keys)) {
      if (isSet(single)) {
        throw new IllegalArgumentException(
            TokenKeys.KEYS_ENV
                + " and "
                + TOKEN_SECRET_ENV
                + " are both set: list that secret in "
                + TokenKeys.KEYS_ENV
                + " as 1:<secret> and unset "
                + TOKEN_SECRET_ENV);
      }
      return TokenKeys.parse(keys, signingKeyId);
    }
    if (isSet(signingKeyId)) {
      throw new IllegalArgumentException(
          TokenKeys.SIGNING_KEY_ID_ENV + " is set but " + TokenKeys.KEYS_ENV + " is not");
    }
    String secret = fromEnvOrFile(single, dir.resolve("token-secret"), random, files);
    String source = isSet(single) ? TOKEN_SECRET_ENV : dir.resolve("token-secret").toString();
    return TokenKeys.single(secret.getBytes(StandardCharsets.UTF_8), source);
  }

  private static boolean isSet(String value) {
    return value != null && !value.isBlank();
  }

  private static String fromEnvOrFile(
      String fromEnv, Path file, SecureRandom random, List<Path> files) throws IOException {
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.strip();
    }
    files.add(file);
    if (Files.exists(file)) {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String value = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    writeOwnerOnly(file, value);
    return value;
  }

  private static void writeOwnerOnly(Path file, String value) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.deleteIfExists(tmp);
    Files.createFile(
        tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, value + "\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }
}
