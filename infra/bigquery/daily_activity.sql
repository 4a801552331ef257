-- One row per day (UTC): active learners, events, completions by scope, quiz attempts and study
-- minutes reported through progress.
CREATE OR REPLACE VIEW `{{dataset}}.daily_activity` AS
SELECT
  DATE(occurred_at) AS day,
  COUNT(DISTINCT user_id) AS active_learners,
  COUNT(*) AS events,
  COUNTIF(kind = 'completed' AND scope = 'resource') AS resources_completed,
  COUNTIF(kind = 'completed' AND scope = 'module') AS modules_completed,
  COUNTIF(kind = 'completed' AND scope = 'pathway') AS pathways_completed,
  COUNTIF(kind = 'quiz_attempted') AS quiz_attempts,
  ROUND(SUM(IFNULL(minutes_added, 0)), 1) AS study_minutes
FROM `{{dataset}}.learner_events`
GROUP BY day
