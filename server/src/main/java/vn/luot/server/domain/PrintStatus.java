package vn.luot.server.domain;

/** Whether a kiosk ticket's paper came out: waiting for the printer, printed, or failed (shown large on screen). */
public enum PrintStatus { PENDING, PRINTED, FAILED }
