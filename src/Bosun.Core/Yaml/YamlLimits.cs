namespace Bosun.Core.Yaml;

/// <summary>
/// What one YAML document may cost to read. The node budget counts every node an alias copies, so a few hundred
/// bytes of nested aliases (a "billion laughs") are refused instead of being expanded.
/// </summary>
public sealed record YamlLimits
{
    public static readonly YamlLimits Default = new();

    /// <summary>Characters of YAML text; each resource kind has a smaller limit at upload.</summary>
    public int MaxChars { get; init; } = 1024 * 1024;

    /// <summary>Nodes (mappings, sequences, scalars), counting every copy an alias makes.</summary>
    public int MaxNodes { get; init; } = 50_000;

    /// <summary>Nesting of mappings and sequences.</summary>
    public int MaxDepth { get; init; } = 64;
}
