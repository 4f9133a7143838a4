package vn.luot.server.domain;

/** How call-next chooses among the fields a counter serves, once priority has been considered. */
public enum RoutingMode {
  /** The first field in the counter's list that has anyone waiting; oldest ticket within it. */
  FIELD_ORDER,
  /** The ticket waiting longest across all of the counter's fields. */
  OLDEST_FIRST
}
