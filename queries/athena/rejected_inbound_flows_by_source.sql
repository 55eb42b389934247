-- name: Rejected inbound flows by source
-- description: Flows the VPCs rejected (security groups or network ACLs), per source address and
-- destination port, with packets, bytes and distinct targets. Change the dt range.
SELECT
  srcaddr,
  dstport,
  protocol,
  COUNT(*) AS flows,
  SUM(packets) AS packets,
  SUM(bytes) AS bytes,
  COUNT(DISTINCT dstaddr) AS targets,
  MIN(start_time) AS first_seen,
  MAX(end_time) AS last_seen
FROM vpcflow
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND action = 'REJECT'
  AND (flow_direction = 'ingress' OR flow_direction IS NULL)
GROUP BY srcaddr, dstport, protocol
ORDER BY flows DESC
LIMIT 200
