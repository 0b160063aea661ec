namespace Bosun.Core.Remediation;

/// <summary>A remediation.yaml that cannot be used, or no action for a problem; the message says which.</summary>
public sealed class RemediationException(string message) : Exception(message);
