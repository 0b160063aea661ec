namespace Bosun.Core.Yaml;

/// <summary>A YAML file that does not parse; the message names the place.</summary>
public sealed class YamlFormatException(string message) : Exception(message);
