package io.adclick.app;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The admin token and the token-signing secret. Taken from the environment when set; otherwise
 * generated once into the data directory, readable by its owner only, so a restart keeps every
 * minted link valid. Their values are never logged.
 *
 * @param generatedFiles files this start created or read, to tell the operator where they are
 */
record Secrets(String adminToken, byte[] tokenSecret, java.util.List<Path> generatedFiles) {

  static final String ADMIN_TOKEN_ENV = "ADCLICK_ADMIN_TOKEN";
  static final String TOKEN_SECRET_ENV = "ADCLICK_TOKEN_SECRET";

  static Secrets load(Path dataDir, Map<String, String> env, SecureRandom random)
      throws IOException {
    Path dir = dataDir.resolve("secrets");
    java.util.List<Path> files = new java.util.ArrayList<>();
    String admin =
        fromEnvOrFile(env.get(ADMIN_TOKEN_ENV), dir.resolve("admin-token"), random, files);
    String secret =
        fromEnvOrFile(env.get(TOKEN_SECRET_ENV), dir.resolve("token-secret"), random, files);
    byte[] secretBytes = secret.getBytes(StandardCharsets.UTF_8);
    if (secretBytes.length < 32) {
      throw new IllegalArgumentException(TOKEN_SECRET_ENV + " must be at least 32 bytes long");
    }
    if (admin.length() < 16) {
      throw new IllegalArgumentException(ADMIN_TOKEN_ENV + " must be at least 16 characters");
    }
    return new Secrets(admin, secretBytes, java.util.List.copyOf(files));
  }

  private static String fromEnvOrFile(
      String fromEnv, Path file, SecureRandom random, java.util.List<Path> files)
      throws IOException {
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
