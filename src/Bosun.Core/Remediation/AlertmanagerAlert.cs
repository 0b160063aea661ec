using System.Text.Json;
using System.Text.Json.Nodes;

namespace Bosun.Core.Remediation;

/// <summary>
/// One alert of an Alertmanager webhook notification (payload version 4) as a Keptn problem (issue 6 item 5). As
/// Keptn's prometheus-service read them: the labels <c>project</c>, <c>stage</c> and <c>service</c> say where the
/// problem is, <c>annotations.summary</c> (else the alert name) is the problem title, <c>generatorURL</c> its URL,
/// <c>pod_name</c> the impacted entity. Bosun adds the root cause: <c>annotations.rootCause</c>, else the alert name,
/// so a remediation.yaml <c>problemType</c> may name the alert.
/// </summary>
public sealed record AlertmanagerAlert
{
    public const string Firing = "firing";
    public const string Resolved = "resolved";

    /// <summary>The labels an alert needs to start a remediation.</summary>
    public static readonly IReadOnlyList<string> RequiredLabels = ["project", "stage", "service"];

    public required string Status { get; init; }
    public required string Fingerprint { get; init; }
    public required string Project { get; init; }
    public required string Stage { get; init; }
    public required string Service { get; init; }
    public required string ProblemTitle { get; init; }
    public required string RootCause { get; init; }

    /// <summary>When this firing began; a new firing of the same alert after it resolved has another.</summary>
    public string StartsAt { get; init; } = string.Empty;
    public string? AlertName { get; init; }
    public string? Description { get; init; }
    public string? GeneratorUrl { get; init; }
    public string? ImpactedEntity { get; init; }

    public bool IsFiring => Status == Firing;

    /// <summary>Names one firing of one alert: the same for every notification until it resolves.</summary>
    public string Occurrence => $"{Fingerprint}/{StartsAt}";

    /// <summary>The data of <c>sh.keptn.event.&lt;stage&gt;.remediation.triggered</c> (Keptn's ProblemDetails under <c>problem</c>).</summary>
    public JsonObject RemediationData() => new()
    {
        ["project"] = Project,
        ["stage"] = Stage,
        ["service"] = Service,
        ["problem"] = Problem("OPEN"),
        ["labels"] = Labels(),
    };

    /// <summary>The data of the <c>sh.keptn.events.problem</c> event that records the alert resolved in its context.</summary>
    public JsonObject ResolvedData()
    {
        var data = Problem("RESOLVED");
        data["project"] = Project;
        data["stage"] = Stage;
        data["service"] = Service;
        data["labels"] = Labels();
        return data;
    }

    private JsonObject Problem(string state)
    {
        var problem = new JsonObject
        {
            ["state"] = state,
            ["problemID"] = Fingerprint,
            ["problemTitle"] = ProblemTitle,
            ["rootCause"] = RootCause,
        };
        if (Description is not null)
        {
            problem["problemDetails"] = new JsonObject { ["problemDetails"] = Description };
        }
        if (GeneratorUrl is not null)
        {
            problem["problemURL"] = GeneratorUrl;
        }
        if (ImpactedEntity is not null)
        {
            problem["impactedEntity"] = ImpactedEntity;
        }
        return problem;
    }

    private JsonObject Labels()
    {
        var labels = new JsonObject { ["alertFingerprint"] = Fingerprint };
        if (AlertName is not null)
        {
            labels["alertname"] = AlertName;
        }
        return labels;
    }

    /// <summary>Reads a notification. Every alert must be usable, or the error names the first field that is not.</summary>
    public static IReadOnlyList<AlertmanagerAlert> Parse(JsonObject notification, out string? error)
    {
        error = null;
        if (notification["alerts"] is not JsonArray alerts)
        {
            error = "field 'alerts' must be an array of alerts (an Alertmanager webhook notification)";
            return [];
        }
        var parsed = new List<AlertmanagerAlert>(alerts.Count);
        for (var i = 0; i < alerts.Count; i++)
        {
            if (Read(alerts[i], $"alerts[{i}]", out error) is not { } alert)
            {
                return [];
            }
            parsed.Add(alert);
        }
        return parsed;
    }

    private static AlertmanagerAlert? Read(JsonNode? node, string at, out string? error)
    {
        error = null;
        if (node is not JsonObject alert)
        {
            error = $"{at} must be an object";
            return null;
        }
        var status = Text(alert, "status");
        if (status is not (Firing or Resolved))
        {
            error = $"{at}.status must be '{Firing}' or '{Resolved}', not '{status}'";
            return null;
        }
        if (Text(alert, "fingerprint") is not { Length: > 0 } fingerprint)
        {
            error = $"{at}.fingerprint is missing (Alertmanager sends one with every alert)";
            return null;
        }
        var labels = alert["labels"] as JsonObject ?? [];
        var annotations = alert["annotations"] as JsonObject ?? [];
        var missing = RequiredLabels.Where(l => Text(labels, l) is not { Length: > 0 }).ToList();
        if (missing.Count > 0)
        {
            error = $"{at}.labels has no {string.Join(", ", missing)}: Bosun needs the labels project, stage and service to start a remediation";
            return null;
        }
        var name = Text(labels, "alertname");
        return new AlertmanagerAlert
        {
            Status = status,
            Fingerprint = fingerprint,
            Project = Text(labels, "project")!,
            Stage = Text(labels, "stage")!,
            Service = Text(labels, "service")!,
            AlertName = name,
            ProblemTitle = Text(annotations, "summary") ?? name ?? fingerprint,
            RootCause = Text(annotations, "rootCause") ?? name ?? string.Empty,
            StartsAt = Text(alert, "startsAt") ?? string.Empty,
            Description = Text(annotations, "description"),
            GeneratorUrl = Text(alert, "generatorURL") is { Length: > 0 } url ? url : null,
            ImpactedEntity = Text(labels, "pod_name") ?? Text(labels, "pod"),
        };
    }

    private static string? Text(JsonObject obj, string name) =>
        obj[name] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
