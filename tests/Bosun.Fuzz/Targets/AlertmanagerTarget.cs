using System.Text.Json.Nodes;
using Bosun.Core.Json;
using Bosun.Core.Remediation;

namespace Bosun.Fuzz.Targets;

/// <summary>An Alertmanager webhook notification, read as the receiver reads it (strict JSON, then the alert parser).</summary>
public sealed class AlertmanagerTarget : FuzzTarget
{
    public override string Name => "alertmanager";

    public override void Run(ReadOnlySpan<byte> input)
    {
        if (StrictJson.Parse(input, StrictJson.Options, out _) is JsonObject notification)
        {
            AlertmanagerAlert.Parse(notification, out _);
        }
    }
}
