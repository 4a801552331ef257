-- Every learner event once, in one shape, from both raw tables. Pub/Sub delivers at least once,
-- so a message may land twice: the earliest copy of each event id is kept. Progress events
-- (progress-events) carry status changes; learner events (learner-events) carry views, starts,
-- progress, quiz attempts, assessments, goals and recommendations.
CREATE OR REPLACE VIEW `{{dataset}}.learner_events` AS
WITH learner AS (
  SELECT
    JSON_VALUE(data, '$.id') AS event_id,
    JSON_VALUE(data, '$.user_id') AS user_id,
    JSON_VALUE(data, '$.kind') AS kind,
    JSON_VALUE(data, '$.data.scope') AS scope,
    TIMESTAMP(JSON_VALUE(data, '$.occurred_at')) AS occurred_at,
    JSON_VALUE(data, '$.data.pathway_id') AS pathway_id,
    JSON_VALUE(data, '$.data.module_id') AS module_id,
    JSON_VALUE(data, '$.data.resource_id') AS resource_id,
    SAFE_CAST(JSON_VALUE(data, '$.data.percentage') AS FLOAT64) AS score_percentage,
    SAFE_CAST(JSON_VALUE(data, '$.data.passed') AS BOOL) AS passed,
    SAFE_CAST(JSON_VALUE(data, '$.data.time_added_minutes') AS FLOAT64) AS minutes_added,
    'learner-events' AS topic,
    publish_time
  FROM `{{dataset}}.learner_events_raw`
),
progress AS (
  SELECT
    JSON_VALUE(data, '$.event_id') AS event_id,
    JSON_VALUE(data, '$.user_id') AS user_id,
    CASE JSON_VALUE(data, '$.type')
      WHEN 'resource_completed' THEN 'completed'
      WHEN 'module_completed' THEN 'completed'
      WHEN 'pathway_completed' THEN 'completed'
      WHEN 'resource_submitted' THEN 'submitted'
      WHEN 'resource_reopened' THEN 'reopened'
      ELSE JSON_VALUE(data, '$.type')
    END AS kind,
    CASE JSON_VALUE(data, '$.type')
      WHEN 'resource_completed' THEN 'resource'
      WHEN 'module_completed' THEN 'module'
      WHEN 'pathway_completed' THEN 'pathway'
      ELSE NULL
    END AS scope,
    TIMESTAMP(JSON_VALUE(data, '$.event_time')) AS occurred_at,
    JSON_VALUE(data, '$.pathway_id') AS pathway_id,
    JSON_VALUE(data, '$.module_id') AS module_id,
    JSON_VALUE(data, '$.resource_id') AS resource_id,
    CAST(NULL AS FLOAT64) AS score_percentage,
    CAST(NULL AS BOOL) AS passed,
    CAST(NULL AS FLOAT64) AS minutes_added,
    'progress-events' AS topic,
    publish_time
  FROM `{{dataset}}.progress_events_raw`
),
everything AS (
  SELECT * FROM learner
  UNION ALL
  SELECT * FROM progress
)
SELECT * EXCEPT (publish_time)
FROM everything
WHERE event_id IS NOT NULL AND user_id IS NOT NULL
QUALIFY ROW_NUMBER() OVER (PARTITION BY event_id ORDER BY publish_time) = 1
