using System.Text.Json.Nodes;

namespace Bosun.Storage;

/// <param name="Details">Project fields beyond its name (creation date, git settings without secrets).</param>
public sealed record ProjectRecord(string Name, DateTimeOffset Created, JsonObject Details);
