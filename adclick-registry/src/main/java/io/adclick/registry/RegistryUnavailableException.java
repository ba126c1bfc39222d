package io.adclick.registry;

/**
 * The registry's database could not be reached or failed. A write that fails this way may or may
 * not have happened. Messages name the database but never its password.
 */
public final class RegistryUnavailableException extends RuntimeException {

  public RegistryUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
