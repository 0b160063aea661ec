using System.Text.Json.Nodes;
using Bosun.Core.Yaml;

namespace Bosun.Core.Remediation;

/// <summary>One action of a remediation: <c>{name, action, description, value}</c> (value may be anything).</summary>
public sealed record RemediationAction(string Name, string Action, string Description, JsonNode? Value);

/// <summary>The actions for one problem type (a root cause, a problem title, or <c>default</c>).</summary>
public sealed record RemediationEntry(string ProblemType, IReadOnlyList<RemediationAction> ActionsOnOpen);

/// <summary>A Keptn <c>remediation.yaml</c> (spec/keptn.md §7); its apiVersion must be exactly <c>spec.keptn.sh/0.1.4</c>.</summary>
public sealed record RemediationFile(IReadOnlyList<RemediationEntry> Remediations)
{
    public const string ApiVersion = "spec.keptn.sh/0.1.4";

    /// <exception cref="RemediationException">Not a remediation.yaml this version understands; the message names the field.</exception>
    public static RemediationFile Parse(string yaml)
    {
        JsonNode? root;
        try
        {
            root = YamlDocument.Parse(yaml);
        }
        catch (YamlFormatException e)
        {
            throw new RemediationException($"remediation.yaml is not valid YAML: {e.Message}");
        }
        if (root is not JsonObject doc)
        {
            throw new RemediationException("remediation.yaml must be a YAML mapping");
        }
        if (doc["apiVersion"]?.ToString() != ApiVersion)
        {
            throw new RemediationException($"remediation.yaml file does not conform to remediation spec {ApiVersion} (apiVersion is '{doc["apiVersion"]}')");
        }
        if (doc["kind"] is { } kind && kind.ToString() != "Remediation")
        {
            throw new RemediationException($"remediation.yaml kind '{Shipyard.EntityName.Quote(kind.ToString())}' is not Remediation");
        }
        if ((doc["spec"] as JsonObject)?["remediations"] is not JsonArray entries || entries.Count == 0)
        {
            throw new RemediationException("remediation.yaml has no spec.remediations");
        }
        var remediations = new List<RemediationEntry>();
        for (var i = 0; i < entries.Count; i++)
        {
            var where = $"spec.remediations[{i}]";
            if (entries[i] is not JsonObject entry)
            {
                throw new RemediationException($"{where} must be a mapping");
            }
            if (entry["actionsOnOpen"] is not JsonArray actions || actions.Count == 0)
            {
                throw new RemediationException($"{where}.actionsOnOpen has no actions");
            }
            remediations.Add(new RemediationEntry(entry["problemType"]?.ToString() ?? string.Empty, actions.Select((a, j) => a is JsonObject action
                ? new RemediationAction(action["name"]?.ToString() ?? string.Empty,
                    action["action"]?.ToString() is { Length: > 0 } id ? id : throw new RemediationException($"{where}.actionsOnOpen[{j}].action is required"),
                    action["description"]?.ToString() ?? string.Empty, action["value"]?.DeepClone())
                : throw new RemediationException($"{where}.actionsOnOpen[{j}] must be a mapping")).ToList()));
        }
        return new RemediationFile(remediations);
    }

    /// <summary>
    /// Keptn's remediation-service choice: the list whose problemType equals the root cause, else the problem title,
    /// else <c>default</c>; then the action at <paramref name="actionIndex"/>.
    /// </summary>
    /// <exception cref="RemediationException">No list, or no action at that index (Keptn's messages).</exception>
    public RemediationAction NextAction(string? problemTitle, string? rootCause, int actionIndex)
    {
        var problem = !string.IsNullOrEmpty(rootCause) ? "root cause " + rootCause
            : !string.IsNullOrEmpty(problemTitle) ? "problem title " + problemTitle
            : "problem type default";
        var actions = (Remediations.FirstOrDefault(r => r.ProblemType == (rootCause ?? string.Empty))
            ?? Remediations.FirstOrDefault(r => r.ProblemType == (problemTitle ?? string.Empty))
            ?? Remediations.FirstOrDefault(r => r.ProblemType == "default"))?.ActionsOnOpen
            ?? throw new RemediationException($"unable to find action for {problem}");
        return actionIndex >= 0 && actionIndex < actions.Count
            ? actions[actionIndex]
            : throw new RemediationException($"there is no action with index {actionIndex} for {problem}");
    }
}
