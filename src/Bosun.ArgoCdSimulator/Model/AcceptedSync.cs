using System.Text.Json.Nodes;

namespace Bosun.ArgoCdSimulator.Model;

/// <summary>A sync request the simulator accepted: which app, which revision, who asked, and its <c>infos</c>.</summary>
public sealed record AcceptedSync(string App, string Revision, string Username, JsonArray Infos);
