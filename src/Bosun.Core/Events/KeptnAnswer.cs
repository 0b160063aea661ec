using System.Text.Json.Nodes;

namespace Bosun.Core.Events;

/// <summary>The data of an answer (<c>.started</c>/<c>.finished</c>) to a task: its scope and labels, and the outcome.</summary>
public static class KeptnAnswer
{
    /// <summary>Project, stage, service and labels of the triggering event; status, result and message when given.</summary>
    public static JsonObject Data(JsonObject triggered, string? status = null, string? result = null, string? message = null)
    {
        var data = new JsonObject
        {
            ["project"] = triggered.GetString("project"),
            ["stage"] = triggered.GetString("stage"),
            ["service"] = triggered.GetString("service"),
        };
        if (triggered["labels"] is JsonObject labels)
        {
            data["labels"] = labels.DeepClone();
        }
        if (status is not null)
        {
            data["status"] = status;
            data["result"] = result;
            data["message"] = message ?? string.Empty;
        }
        return data;
    }
}
