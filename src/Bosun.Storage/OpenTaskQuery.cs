namespace Bosun.Storage;

/// <summary>Filters of <c>GET /event/triggered/{type}</c>.</summary>
public sealed record OpenTaskQuery(string Type, string? Project, string? Stage, string? Service, string? EventId, int Offset, int PageSize);
