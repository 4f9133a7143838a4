package vn.luot.server.domain;

/** Why the citizen came: submit a dossier, add to one, ask a question, or collect a result. */
public enum Purpose { SUBMIT, SUPPLEMENT, ENQUIRE, COLLECT }
