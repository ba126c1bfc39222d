package io.adclick.app;

import java.nio.file.Path;

/** Where the job jar of this installation is, when the caller does not say. */
final class JobJar {
  /** Set by the {@code adclick} launcher to the installation's root. */
  static final String HOME_PROPERTY = "adclick.home";

  private JobJar() {}

  static Path besideInstallation() {
    Path home = Path.of(System.getProperty(HOME_PROPERTY, "."));
    return home.resolve("adclick-job").resolve("target").resolve("adclick-job.jar");
  }
}
