namespace Bosun.Core.Templating;

public sealed record TemplateOptions
{
    /// <summary>Go's <c>missingkey=error</c> (Keptn webhooks): a missing map key fails with its name instead of printing <c>&lt;no value&gt;</c>.</summary>
    public bool MissingKeyError { get; init; }

    /// <summary>Numbers print as Go prints float64 decoded from JSON (<c>1e+06</c>); off, integers print as integers (Kubernetes objects).</summary>
    public bool JsonNumbers { get; init; } = true;
}
