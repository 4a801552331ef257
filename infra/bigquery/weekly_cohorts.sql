-- Retention by cohort: learners grouped by the week of their first event, and how many of each
-- cohort were active in each later week (week 0 is the cohort's own week).
CREATE OR REPLACE VIEW `{{dataset}}.weekly_cohorts` AS
WITH activity AS (
  SELECT user_id, DATE_TRUNC(DATE(occurred_at), WEEK(MONDAY)) AS week
  FROM `{{dataset}}.learner_events`
  GROUP BY user_id, week
),
cohorts AS (
  SELECT user_id, MIN(week) AS cohort_week
  FROM activity
  GROUP BY user_id
)
SELECT
  c.cohort_week,
  DATE_DIFF(a.week, c.cohort_week, WEEK) AS weeks_since_start,
  COUNT(DISTINCT a.user_id) AS active_learners,
  (SELECT COUNT(*) FROM cohorts AS s WHERE s.cohort_week = c.cohort_week) AS cohort_size
FROM activity AS a
JOIN cohorts AS c ON c.user_id = a.user_id
GROUP BY c.cohort_week, weeks_since_start
