package io.adclick.registry;

/** Whether an ad's clicks are redirected and counted. */
public enum AdStatus {
  ACTIVE,
  PAUSED
}
