using Bosun.Core.Events;

namespace Bosun.Storage;

/// <summary>A work row claimed by one owner until its lease ends; <paramref name="Epoch"/> fences a later owner's claim.</summary>
public sealed record WorkClaim(string Id, string Integration, string Key, long Epoch, int Attempts, KeptnEvent Event);
