namespace Bosun.Storage;

/// <summary>
/// A service's newest event of one type as a project read shows it (Keptn's <c>lastEventTypes</c> and
/// <c>deployedImage</c>), without the rest of its payload: <paramref name="Image"/> is its <c>data.labels.image</c>, else
/// its <c>data.configurationChange.values.image</c>, when that is a string.
/// </summary>
public sealed record LatestEvent(string Type, string Id, string KeptnContext, DateTimeOffset Time, string? Image);
