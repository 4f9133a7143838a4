package vn.luot.server.auth;

/** Who is calling, as proven by their token. */
public record Principal(String username, Role role, String center, String counter) {

  /** Whether this person may act at the given counter of the given center. */
  public boolean mayActAt(String centerId, String counterId) {
    if (role == Role.ADMIN) return center == null || center.equals(centerId);
    return role == Role.CLERK && centerId.equals(center) && counterId.equals(counter);
  }

  /** Whether this person may read the reports of a center. */
  public boolean mayReadReports(String centerId) {
    return (role == Role.ADMIN || role == Role.SUPERVISOR) && (center == null || center.equals(centerId));
  }

  public boolean isAdminOf(String centerId) {
    return role == Role.ADMIN && (center == null || center.equals(centerId));
  }

  /** Clerks may withdraw a waiting ticket of their own center (the citizen left); admins of it too. */
  public boolean mayCancelAt(String centerId) {
    return isAdminOf(centerId) || role == Role.CLERK && centerId.equals(center);
  }
}
