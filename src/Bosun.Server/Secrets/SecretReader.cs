namespace Bosun.Server.Secrets;

/// <summary>
/// A built-in integration that opens secrets, and the scopes it may open. As in Keptn, where each scope's secrets are
/// readable only by its service account, a webhook cannot send the Prometheus credentials to a URL of its choosing.
/// Both also read <see cref="SecretScopes.Default"/>, the only scope before Bosun had the others (docs/guide.md, "Secrets").
/// </summary>
internal sealed record SecretReader(string Name, IReadOnlyList<string> Scopes)
{
    public static SecretReader Webhooks { get; } = new("webhooks", [SecretScopes.Webhook, SecretScopes.Default]);

    public static SecretReader Prometheus { get; } = new("the Prometheus SLI provider", [SecretScopes.Prometheus, SecretScopes.Default]);

    public bool MayRead(string scope) => Scopes.Contains(scope, StringComparer.Ordinal);
}
