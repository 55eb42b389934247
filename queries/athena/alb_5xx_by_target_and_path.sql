-- name: ALB 5xx by target and path
-- description: Requests answered with a 5xx by the load balancer, per load balancer, target and
-- request path (query string removed), with how many the target itself returned. Change the dt
-- range.
SELECT
  elb,
  target_ip,
  target_port,
  regexp_extract(request_url, '^[a-zA-Z]+://[^/]+(/[^?]*)', 1) AS path,
  elb_status_code,
  COUNT(*) AS requests,
  SUM(CASE WHEN target_status_code >= 500 THEN 1 ELSE 0 END) AS from_target,
  MAX(event_time) AS last_seen
FROM alb
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND elb_status_code >= 500
GROUP BY 1, 2, 3, 4, 5
ORDER BY requests DESC
LIMIT 100
