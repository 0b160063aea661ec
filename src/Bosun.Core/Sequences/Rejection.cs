namespace Bosun.Core.Sequences;

/// <summary>An input the engine refuses: nothing of it is stored. <paramref name="Code"/> is an HTTP status.</summary>
public sealed record Rejection(int Code, string Message);
