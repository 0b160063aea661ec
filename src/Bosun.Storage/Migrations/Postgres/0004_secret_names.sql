-- A secret's name is unique across scopes, as in Keptn's secret-service, where each secret is one Kubernetes Secret
-- named after it (secret-service/pkg/backend/secretbackend_k8s.go): a webhook's envFrom names a secret without a scope.
-- Before this migration every secret was in the one scope keptn-default, so no stored name repeats.
CREATE UNIQUE INDEX secrets_name ON secrets (name);
