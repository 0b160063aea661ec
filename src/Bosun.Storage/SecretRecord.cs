namespace Bosun.Storage;

/// <summary>A stored secret: its name, scope, key names (readable) and the sealed values (opaque here).</summary>
public sealed record SecretRecord(string Name, string Scope, IReadOnlyList<string> Keys, byte[] Sealed);
