package vn.luot.server.domain;

/**
 * Why an unhappy citizen was unhappy: a short fixed list, so reports can count them (free text would need reading).
 * Labels live with the pages: Chờ lâu, Thái độ, Hướng dẫn chưa rõ, Khác.
 */
public enum RatingReason { LONG_WAIT, ATTITUDE, UNCLEAR_GUIDANCE, OTHER }
