package vn.luot.server.domain;

/** What a counter is doing now. */
public enum CounterStatus { IDLE, CALLING, SERVING, PAUSED }
