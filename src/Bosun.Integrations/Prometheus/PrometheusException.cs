namespace Bosun.Integrations.Prometheus;

/// <summary>A query that gave no usable value; the message says why, for the indicator's result.</summary>
public sealed class PrometheusException(string message) : Exception(message);
