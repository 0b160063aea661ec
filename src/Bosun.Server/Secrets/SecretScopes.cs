namespace Bosun.Server.Secrets;

/// <summary>
/// The scopes of Keptn's secret-service as it ships them (its <c>scopes.yaml</c> in the Helm chart's
/// <c>secret-service-config</c>). In Keptn a scope is the service account allowed to read the secret; here it is the
/// built-in integration that may (<see cref="SecretReader"/>).
/// </summary>
internal static class SecretScopes
{
    public const string Default = "keptn-default";
    public const string Webhook = "keptn-webhook-service";
    public const string Prometheus = "keptn-prometheus-service";
    public const string Dynatrace = "dynatrace-service";

    public static IReadOnlyList<string> All { get; } = [Default, Webhook, Prometheus, Dynatrace];

    public static bool IsKnown(string scope) => All.Contains(scope, StringComparer.Ordinal);

    public static string Unknown(string scope) => $"scope '{scope}' is unknown; the scopes are {string.Join(", ", All)}";
}
