using System.Text.RegularExpressions;
using Bosun.Server.Secrets;

namespace Bosun.Server.Api;

/// <summary>
/// What a secret's name, scope and keys must be (Keptn's secret-service: a Kubernetes secret's name and data keys),
/// and how a refused save is told: one rule for the API and the UI's form.
/// </summary>
internal static partial class SecretRules
{
    /// <summary>The first problem with a secret to save, naming the field; null when there is none.</summary>
    public static string? Problem(string name, string scope, IEnumerable<string> keys)
    {
        if (!Name().IsMatch(name))
        {
            return $"name '{name}' must be lowercase letters, digits, '-' or '.', starting and ending with a letter or digit (at most 253 characters)";
        }
        if (!SecretScopes.IsKnown(scope))
        {
            return SecretScopes.Unknown(scope);
        }
        var list = keys.ToList();
        if (list.Count == 0)
        {
            return "data must be a non-empty object of key: value strings";
        }
        return list.FirstOrDefault(k => !Key().IsMatch(k)) is { } bad ? $"data key '{bad}' must be letters, digits, '-', '_' or '.'" : null;
    }

    /// <summary>Why the vault did not save: the secret is missing (an update) or exists (a create), maybe in another scope.</summary>
    /// <param name="howToReplace">What the caller does to replace an existing secret (the API: PUT).</param>
    public static async Task<IResult> RefusedAsync(SecretVault vault, string name, string scope, bool mustExist, string howToReplace = "update it with PUT")
    {
        var elsewhere = (await vault.ListAsync()).FirstOrDefault(s => s.Name == name && s.Scope != scope)?.Scope;
        return (mustExist, elsewhere) switch
        {
            (true, null) => ApiError.NotFound($"secret '{name}' does not exist in scope {scope}"),
            (true, _) => ApiError.NotFound($"secret '{name}' does not exist in scope {scope}; it is in scope {elsewhere}"),
            (false, null) => ApiError.Conflict($"secret '{name}' already exists in scope {scope}; {howToReplace}"),
            (false, _) => ApiError.Conflict($"secret '{name}' already exists in scope {elsewhere}; a name is unique across scopes"),
        };
    }

    [GeneratedRegex("^(?=.{1,253}$)[a-z0-9]([-a-z0-9.]*[a-z0-9])?\\z")]
    private static partial Regex Name();

    [GeneratedRegex("^[-._a-zA-Z0-9]+\\z")]
    private static partial Regex Key();
}
