namespace Bosun.Server.Secrets;

/// <summary>A secret exists, but in a scope its reader may not open (<see cref="SecretReader"/>).</summary>
internal sealed class SecretScopeException(string message) : Exception(message);
