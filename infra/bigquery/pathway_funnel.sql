-- Per pathway: how many learners started it, completed at least one resource, completed at
-- least one module and completed the pathway, with quiz outcomes.
CREATE OR REPLACE VIEW `{{dataset}}.pathway_funnel` AS
SELECT
  pathway_id,
  COUNT(DISTINCT IF(kind IN ('started', 'viewed', 'progressed'), user_id, NULL)) AS learners_started,
  COUNT(DISTINCT IF(kind = 'completed' AND scope = 'resource', user_id, NULL)) AS learners_completing_a_resource,
  COUNT(DISTINCT IF(kind = 'completed' AND scope = 'module', user_id, NULL)) AS learners_completing_a_module,
  COUNT(DISTINCT IF(kind = 'completed' AND scope = 'pathway', user_id, NULL)) AS learners_completed,
  COUNTIF(kind = 'quiz_attempted') AS quiz_attempts,
  ROUND(AVG(IF(kind = 'quiz_attempted', score_percentage, NULL)), 1) AS average_quiz_percentage,
  SAFE_DIVIDE(COUNTIF(kind = 'quiz_attempted' AND passed), COUNTIF(kind = 'quiz_attempted')) AS quiz_pass_rate
FROM `{{dataset}}.learner_events`
WHERE pathway_id IS NOT NULL
GROUP BY pathway_id
