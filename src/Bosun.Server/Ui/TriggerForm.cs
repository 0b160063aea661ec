using System.Text.Json.Nodes;
using Bosun.Core.Evaluation;
using Bosun.Core.Events;
using Bosun.Core.Shipyard;
using Bosun.Server.Api;
using Bosun.Server.Engine;

namespace Bosun.Server.Ui;

/// <summary>
/// The trigger form's fields and the event they make: any shipyard sequence of a stage (<c>stage/sequence</c>, the
/// implicit <c>evaluation</c> of every stage among them) for a service, with a version (<c>labels.version</c>), an
/// image (<c>configurationChange.values.image</c>, as <c>bosun trigger delivery --image</c>), more labels, and for an
/// evaluation its timeframe (default 5m) or start.
/// </summary>
internal sealed record TriggerForm(string Stage, string Sequence, string Service, JsonObject Labels, string? Image, string Timeframe, string Start)
{
    /// <summary>Every sequence the form offers, as <c>stage/sequence</c>, in shipyard order.</summary>
    public static IReadOnlyList<string> Choices(ShipyardSpec shipyard) =>
        [.. shipyard.Stages.SelectMany(s => s.Sequences.Select(q => q.Name).Append(StageSpec.EvaluationSequence).Distinct(StringComparer.Ordinal).Select(q => $"{s.Name}/{q}"))];

    /// <summary>Reads the form; the error names the field that is wrong.</summary>
    public static (TriggerForm? Form, string? Error) Parse(IFormCollection form, ShipyardSpec shipyard, ProjectCatalog catalog, string project)
    {
        string One(string name) => form[name].FirstOrDefault()?.Trim() ?? "";
        var choice = One("sequence");
        var slash = choice.IndexOf('/', StringComparison.Ordinal);
        if (slash <= 0 || !Choices(shipyard).Contains(choice, StringComparer.Ordinal))
        {
            return (null, $"sequence '{choice}' is not one of the shipyard's (stage/sequence): {string.Join(", ", Choices(shipyard))}");
        }
        var (stage, sequence) = (choice[..slash], choice[(slash + 1)..]);
        var service = One("service");
        if (!catalog.ServiceExists(project, stage, service))
        {
            return (null, $"service '{service}' is not a service of stage {stage}");
        }
        var labels = new JsonObject();
        foreach (var pair in One("labels").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var at = pair.IndexOf('=', StringComparison.Ordinal);
            if (at <= 0)
            {
                return (null, $"labels: '{pair}' is not KEY=VALUE");
            }
            labels[pair[..at].Trim()] = pair[(at + 1)..].Trim();
        }
        var image = One("image") is { Length: > 0 } given ? given : null;
        var version = One("version") is { Length: > 0 } v ? v
            : image is not null && image.LastIndexOf(':') is var colon and > 0 && !image[colon..].Contains('/', StringComparison.Ordinal) ? image[(colon + 1)..] : null;
        if (version is not null)
        {
            labels["version"] = version;
        }
        var timeframe = One("timeframe");
        var start = One("start");
        return (new TriggerForm(stage, sequence, service, labels, image, timeframe.Length == 0 && start.Length == 0 ? "5m" : timeframe, start), null);
    }

    public bool IsEvaluation => Sequence == StageSpec.EvaluationSequence;

    /// <summary>The triggering event; an evaluation's window comes from the timeframe or start as the API reads them.</summary>
    /// <exception cref="SloException">The timeframe or start is not one the evaluation API takes.</exception>
    public KeptnEvent ToEvent(string project, DateTimeOffset now)
    {
        if (IsEvaluation)
        {
            var window = EvaluationTimeframe.FromRequest(Start.Length == 0 ? null : Start, null, Timeframe.Length == 0 ? null : Timeframe, now);
            return EvaluationTrigger.Build(ServicePages.UiSource, project, Stage, Service, Labels, window, null, now);
        }
        var data = new JsonObject { ["project"] = project, ["stage"] = Stage, ["service"] = Service, ["labels"] = Labels };
        if (Image is not null)
        {
            data["configurationChange"] = new JsonObject { ["values"] = new JsonObject { ["image"] = Image } };
        }
        return new KeptnEvent(EventIds.New(now), ServicePages.UiSource, KeptnEventType.SequenceType(Stage, Sequence, "triggered"), EventIds.New(now), null, now, data);
    }
}
