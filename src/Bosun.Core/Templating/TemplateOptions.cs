namespace Bosun.Core.Templating;

public sealed record TemplateOptions
{
    /// <summary>Go's <c>missingkey=error</c> (Keptn webhooks): a missing map key fails with its name instead of printing <c>&lt;no value&gt;</c>.</summary>
    public bool MissingKeyError { get; init; }

    /// <summary>Numbers print as Go prints float64 decoded from JSON (<c>1e+06</c>); off, integers print as integers (Kubernetes objects).</summary>
    public bool JsonNumbers { get; init; } = true;

    /// <summary>The most characters a rendering may produce, and the longest string any function may return on the way.</summary>
    public int MaxOutputChars { get; init; } = 1024 * 1024;

    /// <summary>The most steps (nodes walked, range iterations, function calls) a rendering may take.</summary>
    public int MaxSteps { get; init; } = 1_000_000;
}
