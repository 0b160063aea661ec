namespace Bosun.ArgoCdSimulator.Api;

public sealed record SimulatorOptions
{
    public string Listen { get; init; } = "127.0.0.1:8081";

    /// <summary>The bearer token clients must send; null accepts any request.</summary>
    public string? Token { get; init; }
}
