namespace Bosun.Server.Ui;

/// <summary>A project's integrations: the built-in ones of this server, and the outside ones registered through uniform.</summary>
public sealed record IntegrationsView(string Project, IReadOnlyList<BuiltInIntegration> BuiltIn, IReadOnlyList<OutsideIntegration> Outside);

/// <summary>An integration built into Bosun: always there, answering these events.</summary>
public sealed record BuiltInIntegration(string Name, IReadOnlyList<string> Subscriptions);

/// <summary>
/// An outside integration (Keptn's uniform registration): where it runs, when it last pinged, what it subscribes to
/// (in this project), and its newest error logs.
/// </summary>
public sealed record OutsideIntegration(
    string Id,
    string Name,
    string? Version,
    string? Host,
    DateTimeOffset LastSeen,
    IReadOnlyList<SubscriptionLine> Subscriptions,
    IReadOnlyList<ErrorLogLine> Logs,
    int TotalLogs);

/// <summary>A subscription: the event and its filter in words ("any stage", "stages dev, prod").</summary>
public sealed record SubscriptionLine(string Event, string Filter);

/// <summary>One error an integration posted to <c>/api/controlPlane/v1/log</c>.</summary>
public sealed record ErrorLogLine(DateTimeOffset Time, string Message, string? KeptnContext, string? Task);
