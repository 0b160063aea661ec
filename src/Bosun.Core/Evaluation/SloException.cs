namespace Bosun.Core.Evaluation;

/// <summary>An slo.yaml or a criterion that cannot be used; the message says what.</summary>
public sealed class SloException(string message) : Exception(message);
