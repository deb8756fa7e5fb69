-- A risk's reviews (issue [10]): who reviewed it, when, and the scores it had then, kept apart
-- from the register's versions because a review that changes nothing is still a review. A
-- review may come from a disruption or a drill (then it names it): that is how a risk is linked
-- to what tested it. Kind "raised" is the review that created the risk.
CREATE TABLE risk_reviews (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    risk_id BIGINT NOT NULL REFERENCES risks(id),
    kind TEXT NOT NULL,
    reviewed_at TEXT NOT NULL,
    reviewed_by TEXT NOT NULL,
    inherent_likelihood BIGINT NOT NULL,
    inherent_impact BIGINT NOT NULL,
    residual_likelihood BIGINT NOT NULL,
    residual_impact BIGINT NOT NULL,
    status TEXT NOT NULL,
    next_review TEXT NOT NULL,
    note TEXT NOT NULL,
    disruption_id BIGINT REFERENCES disruptions(id),
    drill_id BIGINT
);
CREATE INDEX risk_reviews_risk ON risk_reviews (risk_id, reviewed_at);
CREATE INDEX risk_reviews_disruption ON risk_reviews (disruption_id);
