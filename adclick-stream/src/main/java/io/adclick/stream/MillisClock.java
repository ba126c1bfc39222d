package io.adclick.stream;

import java.io.Serializable;

/** A source of epoch milliseconds that can travel with a job graph and be faked in tests. */
@FunctionalInterface
interface MillisClock extends Serializable {

  MillisClock SYSTEM = System::currentTimeMillis;

  long millis();
}
