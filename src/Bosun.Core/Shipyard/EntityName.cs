using System.Text.RegularExpressions;

namespace Bosun.Core.Shipyard;

/// <summary>
/// The one name validator for projects, stages, services (Keptn's rule: a lowercase letter, then lowercase letters,
/// digits and hyphens, no trailing hyphen) and resource URIs. Every route value and body field naming one of them is
/// checked here, after decoding, so no encoding of <c>.</c> or <c>..</c> can address another resource.
/// </summary>
public static partial class EntityName
{
    /// <summary>Keptn's limit for project names.</summary>
    public const int ProjectMaxLength = 200;

    /// <summary>Keptn's limit for service names (a Helm release name less Keptn's suffixes).</summary>
    public const int ServiceMaxLength = 43;

    /// <summary>Bosun's limit: Keptn used a stage name as a Kubernetes namespace part and a git branch, both 63 at most.</summary>
    public const int StageMaxLength = 63;

    /// <summary>A resource URI: at most this many characters in all, and <see cref="ResourceSegmentMaxLength"/> a segment.</summary>
    public const int ResourceUriMaxLength = 1024;

    public const int ResourceSegmentMaxLength = 255;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && (LongForm().IsMatch(name) || ShortForm().IsMatch(name));

    /// <summary>Null when valid, else a message naming the field and the rule.</summary>
    public static string? Check(string field, string? name, int maxLength)
    {
        if (string.IsNullOrEmpty(name))
        {
            return $"{field} must not be empty";
        }
        if (name.Length > maxLength)
        {
            return $"{field} '{Quote(name)}' is longer than {maxLength} characters";
        }
        return IsValid(name)
            ? null
            : $"{field} '{Quote(name)}' is not a valid name: it must start with a lowercase letter and contain only lowercase letters, digits and hyphens, without a trailing hyphen";
    }

    public static string? CheckProject(string field, string? name) => Check(field, name, ProjectMaxLength);

    public static string? CheckStage(string field, string? name) => Check(field, name, StageMaxLength);

    public static string? CheckService(string field, string? name) => Check(field, name, ServiceMaxLength);

    /// <summary>
    /// Null when <paramref name="uri"/> (decoded) is a relative path of segments made of letters, digits, <c>.</c>,
    /// <c>_</c> and <c>-</c>, none of them empty, <c>.</c> or <c>..</c>; else a message naming the field.
    /// </summary>
    public static string? CheckResourceUri(string field, string? uri)
    {
        if (string.IsNullOrEmpty(uri))
        {
            return $"{field} must not be empty";
        }
        if (uri.Length > ResourceUriMaxLength)
        {
            return $"{field} '{Quote(uri)}' is longer than {ResourceUriMaxLength} characters";
        }
        foreach (var segment in uri.Split('/'))
        {
            if (segment is "" or "." or "..")
            {
                return $"{field} '{Quote(uri)}' must be a relative path without empty, '.' or '..' segments";
            }
            if (segment.Length > ResourceSegmentMaxLength)
            {
                return $"{field} '{Quote(uri)}' has a segment longer than {ResourceSegmentMaxLength} characters";
            }
            if (!ResourceSegment().IsMatch(segment))
            {
                return $"{field} '{Quote(uri)}' may contain only letters, digits, '.', '_', '-' and '/' between segments";
            }
        }
        return null;
    }

    /// <summary>A name as it may appear in a message: bounded, control characters shown escaped.</summary>
    public static string Quote(string name)
    {
        var shown = name.Length > 64 ? name[..64] + "…" : name;
        return ControlCharacter().Replace(shown, m => $"\\u{(int)m.Value[0]:x4}");
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]\\z")]
    private static partial Regex LongForm();

    [GeneratedRegex("^[a-z][a-z0-9]*\\z")]
    private static partial Regex ShortForm();

    [GeneratedRegex("^[A-Za-z0-9._-]+\\z")]
    private static partial Regex ResourceSegment();

    [GeneratedRegex(@"[\p{Cc}\p{Cs}]")]
    private static partial Regex ControlCharacter();
}
