-- name: Web scanner probes
-- description: Clients of the web tier (declared format nginx_access) that requested ten or
--   more distinct paths that do not exist (404) on a day: vulnerability scanners looking for
--   secrets and admin pages. Change the dt range to the days to check.
SELECT
  client_ip,
  count(DISTINCT split_part(request, ' ', 2)) AS distinct_paths,
  count(*) AS requests,
  min(event_time) AS first_seen,
  max(event_time) AS last_seen,
  min(user_agent) AS user_agent
FROM nginx_access
WHERE dt BETWEEN '2025-06-01' AND '2025-06-02'
  AND status = 404
GROUP BY client_ip
HAVING count(DISTINCT split_part(request, ' ', 2)) >= 10
ORDER BY distinct_paths DESC, client_ip
