namespace Bosun.Core.Templating;

/// <summary>A template that does not parse or cannot be executed; the message names the place and the cause as Go's does.</summary>
public sealed class TemplateException(string message) : Exception(message);
