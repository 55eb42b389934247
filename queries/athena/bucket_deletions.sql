-- name: Who deleted a bucket
-- description: DeleteBucket calls (successful and refused) with the caller, source address and
-- time. Change the dt range; replace '%' with the bucket name to follow one bucket.
SELECT
  event_time,
  json_extract_scalar(request_parameters, '$.bucketName') AS bucket_name,
  user_identity.type AS principal_type,
  user_identity.arn AS principal_arn,
  source_ip_address,
  user_agent,
  error_code,
  account_id,
  region
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND event_source = 's3.amazonaws.com'
  AND event_name = 'DeleteBucket'
  AND json_extract_scalar(request_parameters, '$.bucketName') LIKE '%'
ORDER BY event_time
