package io.adclick.stream;

import io.adclick.event.ClickEvent;

/**
 * The key clicks are counted under. Every ad that is not hot keeps its plain id as key (the key its
 * state was checkpointed under before salting existed); a hot ad's click with salt s is counted
 * under {@code SALTED | s << 56 | adId}, so one hot ad's counting is spread over up to {@link
 * ClickEvent#MAX_SALTS} keys and subtasks. Salting needs ad ids below 2^56 (the registry assigns
 * them from 1 upwards); a click of a larger id is counted unsalted, which is correct, only not
 * spread. Ids of 2^62 and above would read as salted keys and are not valid ad ids.
 */
final class CounterKey {
  private static final int SALT_SHIFT = 56;
  private static final long SALTED = 1L << 62;
  private static final long AD_MASK = (1L << SALT_SHIFT) - 1;
  private static final long SALT_MASK = ClickEvent.MAX_SALTS - 1;

  private CounterKey() {}

  static long of(ClickEvent click) {
    if (click.salt() == 0 || click.adId() < 0 || click.adId() > AD_MASK) {
      return click.adId();
    }
    return SALTED | ((long) click.salt() << SALT_SHIFT) | click.adId();
  }

  static long adId(long key) {
    return isSalted(key) ? key & AD_MASK : key;
  }

  static int salt(long key) {
    return isSalted(key) ? (int) ((key >>> SALT_SHIFT) & SALT_MASK) : 0;
  }

  private static boolean isSalted(long key) {
    return key > 0 && (key & SALTED) != 0;
  }
}
