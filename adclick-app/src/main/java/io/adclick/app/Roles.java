package io.adclick.app;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * What one server process does: any combination of the click path, the query API (with the
 * dashboard) and the admin API, or {@code all}: those three plus the embedded Kafka broker (unless
 * one is given), the aggregation job on a local MiniCluster, the store's retention and the
 * reconciliation schedule, as one process on one machine.
 *
 * <p>Split roles are stateless apart from their configuration, so several run behind a load
 * balancer: they need the shared parts to be external (Kafka, a ClickHouse store, a PostgreSQL
 * registry), and the job runs on a Flink cluster.
 */
record Roles(Set<Role> roles) {

  /** One part of the server. */
  enum Role {
    CLICK,
    QUERY,
    ADMIN,
    ALL
  }

  static final Roles ALL = new Roles(EnumSet.of(Role.ALL));

  Roles {
    if (roles.isEmpty()) {
      throw new IllegalArgumentException("at least one role is needed");
    }
    roles = Set.copyOf(roles);
  }

  /** {@code click,query}, {@code all}, ...: comma-separated, any case. */
  static Roles parse(String text) {
    EnumSet<Role> roles = EnumSet.noneOf(Role.class);
    for (String part : text.split(",")) {
      String name = part.strip().toUpperCase(Locale.ROOT);
      try {
        roles.add(Role.valueOf(name));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unknown role '" + part.strip() + "': use click, query, admin or all, comma-separated");
      }
    }
    return new Roles(roles);
  }

  boolean isAll() {
    return roles.contains(Role.ALL);
  }

  /** Whether this process serves {@code role}'s endpoints ({@code all} serves every one). */
  boolean serves(Role role) {
    return isAll() || roles.contains(role);
  }

  /**
   * Why this configuration cannot run these roles, each reason a sentence; empty when it can. A
   * split role shares its state with other processes, so nothing it shares may be embedded.
   */
  List<String> problemsWith(String kafkaBootstrap, String storeUri, String registryUri) {
    List<String> problems = new ArrayList<>();
    if (isAll()) {
      return problems;
    }
    if (serves(Role.CLICK) && kafkaBootstrap == null) {
      problems.add(
          "the click role needs an external Kafka (--kafka host:port): the job that counts its"
              + " clicks runs elsewhere");
    }
    if ((serves(Role.QUERY) || serves(Role.ADMIN))
        && (storeUri == null || storeUri.startsWith("rocksdb:"))) {
      problems.add(
          "the query and admin roles need a shared store (--store clickhouse://...): the job"
              + " writes its counts from elsewhere");
    }
    if (registryUri == null
        || !(registryUri.startsWith("postgresql:") || registryUri.startsWith("jdbc:postgresql:"))) {
      problems.add(
          "split roles need a shared registry (--registry postgresql://...): every process must"
              + " see the same advertisers and ads");
    }
    return problems;
  }

  @Override
  public String toString() {
    return String.join(
        ",", roles.stream().map(r -> r.name().toLowerCase(Locale.ROOT)).sorted().toList());
  }
}
