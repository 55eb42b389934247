-- name: IAM policy and access-key changes
-- description: Changes to IAM policies (managed and inline, on users, groups and roles) and to
-- access keys (CIS 4.4), with who made them and the policy or key concerned. Change the dt range.
SELECT
  event_time,
  account_id,
  event_name,
  user_identity.arn AS principal_arn,
  json_extract_scalar(request_parameters, '$.policyArn') AS policy_arn,
  json_extract_scalar(request_parameters, '$.policyName') AS policy_name,
  COALESCE(
    json_extract_scalar(request_parameters, '$.roleName'),
    json_extract_scalar(request_parameters, '$.userName'),
    json_extract_scalar(request_parameters, '$.groupName')
  ) AS target_name,
  json_extract_scalar(request_parameters, '$.accessKeyId') AS access_key_id,
  source_ip_address,
  error_code
FROM cloudtrail
WHERE dt BETWEEN '2026-11-01' AND '2026-11-24'
  AND event_source = 'iam.amazonaws.com'
  AND event_name IN (
    'CreatePolicy', 'DeletePolicy', 'CreatePolicyVersion', 'DeletePolicyVersion',
    'SetDefaultPolicyVersion', 'AttachRolePolicy', 'DetachRolePolicy', 'AttachUserPolicy',
    'DetachUserPolicy', 'AttachGroupPolicy', 'DetachGroupPolicy', 'PutRolePolicy',
    'PutUserPolicy', 'PutGroupPolicy', 'DeleteRolePolicy', 'DeleteUserPolicy',
    'DeleteGroupPolicy', 'CreateAccessKey', 'UpdateAccessKey', 'DeleteAccessKey'
  )
ORDER BY event_time DESC
