-- name: EMR Spark stages that fail most often
-- description: Spark stages of the EMR clusters' applications by how often they failed: failed
-- stage attempts (the DAGScheduler's "<Stage> n (…) failed in … due to …", once per attempt,
-- fetch-failure resubmissions included), job aborts ("Task t in stage n.a failed k times;
-- aborting job") and, apart, failed task attempts (distinct TIDs of the executor's "Exception
-- in task" and the driver's "Lost task" lines, killed attempts left out), with the exception
-- classes and the first and last failure. Change the dt range; replace '%' with a cluster id
-- (j-…) to follow one cluster.
SELECT
  cluster_id,
  application_id,
  stage_id,
  SUM(CASE WHEN failure = 'stage' THEN 1 ELSE 0 END) AS failed_stage_attempts,
  SUM(CASE WHEN failure = 'abort' THEN 1 ELSE 0 END) AS job_aborts,
  COUNT(DISTINCT CASE WHEN failure = 'task' THEN tid END) AS failed_task_attempts,
  array_join(
    array_sort(array_agg(DISTINCT exception_class) FILTER (WHERE exception_class IS NOT NULL)),
    ', '
  ) AS exception_classes,
  MIN(event_time) AS first_failure,
  MAX(event_time) AS last_failure
FROM (
  SELECT
    cluster_id,
    application_id,
    stage_id,
    tid,
    exception_class,
    event_time,
    CASE
      WHEN regexp_like(message, '^[A-Za-z]*Stage [0-9]+ \(.*\) failed in [0-9.]+ s due to ')
        THEN 'stage'
      WHEN regexp_like(message, '^Task [0-9]+ in stage [0-9]+\.[0-9]+ failed [0-9]+ times; aborting job')
        THEN 'abort'
      WHEN regexp_like(message, '^(Exception in|Lost) task [0-9.]+ in stage [0-9]+\.[0-9]+ \(TID [0-9]+\)')
        AND message NOT LIKE '%TaskKilled%'
        THEN 'task'
    END AS failure
  FROM emr_logs
  WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
    AND cluster_id LIKE '%'
    AND stage_id IS NOT NULL
) AS lines
WHERE failure IS NOT NULL
GROUP BY cluster_id, application_id, stage_id
ORDER BY failed_stage_attempts DESC, job_aborts DESC, failed_task_attempts DESC, cluster_id,
  application_id, stage_id
LIMIT 50
