package vn.luot.server.domain;

/** Groups the law gives priority to at a public service counter. */
public enum PriorityGroup { ELDERLY, DISABILITY, PREGNANT, MERIT }
