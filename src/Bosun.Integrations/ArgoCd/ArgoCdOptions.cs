namespace Bosun.Integrations.ArgoCd;

/// <summary>Where Argo CD is and how to talk to it (<c>--argocd-url</c>, <c>--argocd-token</c>, <c>--argocd-insecure</c>).</summary>
public sealed record ArgoCdOptions
{
    public required Uri Url { get; init; }
    public string? Token { get; init; }

    /// <summary>Skip TLS certificate checks (self-signed Argo CD servers).</summary>
    public bool Insecure { get; init; }

    /// <summary>The sequence an app's new revision starts when the app has no <c>bosun.sh/sequence</c> annotation.</summary>
    public string DefaultSequence { get; init; } = "delivery";
}
