using System.Text.Json.Nodes;
using Bosun.Integrations.ArgoCd;

namespace Bosun.Integrations.Tests.ArgoCd;

public sealed class ChangeDetectionTests
{
    private static JsonObject App(string syncStatus, string revision, bool labelled = true, string? sequence = null, JsonObject? operation = null)
    {
        var labels = labelled ? new JsonObject { ["keptnProject"] = "podtato", ["keptnService"] = "web", ["stage"] = "dev" } : [];
        var annotations = sequence is null ? new JsonObject() : new JsonObject { [ChangeDetection.SequenceAnnotation] = sequence };
        var app = new JsonObject
        {
            ["metadata"] = new JsonObject { ["name"] = "podtato-app", ["labels"] = labels, ["annotations"] = annotations },
            ["status"] = new JsonObject { ["sync"] = new JsonObject { ["status"] = syncStatus, ["revision"] = revision } },
        };
        if (operation is not null)
        {
            app["operation"] = operation;
        }
        return app;
    }

    [Fact]
    public void OutOfSyncLabelledApp_IsATrigger_WithTheDefaultSequence()
    {
        var trigger = ChangeDetection.Detect(App("OutOfSync", "abc"), "delivery")!;
        Assert.Equal(new DeliveryTrigger("podtato-app", "podtato", "dev", "web", "delivery", "abc"), trigger);
        Assert.Equal("argocd-podtato-app-abc", trigger.EventId);
    }

    [Fact]
    public void Annotation_NamesTheSequence() =>
        Assert.Equal("kickoff", ChangeDetection.Detect(App("OutOfSync", "abc", sequence: "kickoff"), "delivery")!.Sequence);

    [Fact]
    public void SyncedApp_WithoutAutomatedOperation_IsNoTrigger() =>
        Assert.Null(ChangeDetection.Detect(App("Synced", "abc"), "delivery"));

    [Fact]
    public void AutoSyncOperation_IsATriggerForItsRevision_EvenIfOutOfSyncWasNeverSeen()
    {
        var operation = new JsonObject { ["sync"] = new JsonObject { ["revision"] = "def" }, ["initiatedBy"] = new JsonObject { ["automated"] = true } };
        Assert.Equal("def", ChangeDetection.Detect(App("Synced", "abc", operation: operation), "delivery")!.Revision);
        var manual = new JsonObject { ["sync"] = new JsonObject { ["revision"] = "def" }, ["initiatedBy"] = new JsonObject { ["username"] = "bosun" } };
        Assert.Null(ChangeDetection.Detect(App("Synced", "abc", operation: manual), "delivery"));
    }

    [Fact]
    public void AppWithoutKeptnLabels_IsIgnored() =>
        Assert.Null(ChangeDetection.Detect(App("OutOfSync", "abc", labelled: false), "delivery"));
}
