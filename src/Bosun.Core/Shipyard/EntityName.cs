using System.Text.RegularExpressions;

namespace Bosun.Core.Shipyard;

/// <summary>Keptn's rule for project, stage and service names.</summary>
public static partial class EntityName
{
    public const int ProjectMaxLength = 200;
    public const int ServiceMaxLength = 43;

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
            return $"{field} '{name}' is longer than {maxLength} characters";
        }
        return IsValid(name)
            ? null
            : $"{field} '{name}' is not a valid name: it must start with a lowercase letter and contain only lowercase letters, digits and hyphens, without a trailing hyphen";
    }

    [GeneratedRegex("^[a-z][a-z0-9-]*[a-z0-9]$")]
    private static partial Regex LongForm();

    [GeneratedRegex("^[a-z][a-z0-9]*$")]
    private static partial Regex ShortForm();
}
