package io.adclick.stream;

import io.adclick.event.ClickEvent;

/**
 * A click as the job read it from the log: the click and where it sits in the topic. The position
 * is what makes each archived row traceable to exactly one log record, so the archive can be
 * checked against the topic, and it defines "first" for a recount in log order.
 *
 * @param partition the Kafka partition of the clicks topic the record came from
 * @param offset the record's offset in that partition
 */
public record LoggedClick(ClickEvent click, int partition, long offset) {}
