package vn.luot.server.domain;

/** What came of a service, as the clerk records it at finish. */
public enum Outcome { COMPLETED, MISSING_DOCUMENTS, REDIRECTED, OTHER }
